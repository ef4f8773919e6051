namespace Obs.Api.Apply;

/// <summary>
/// An apply touched fields other managers own and was not forced. The apiserver answers 409 Conflict
/// with <see cref="Exception.Message"/> as the status message and one <c>FieldManagerConflict</c> cause
/// per entry of <see cref="Conflicts"/>.
/// </summary>
public sealed class ApplyConflictException(IReadOnlyList<ApplyConflict> conflicts) : Exception(Describe(conflicts))
{
    public IReadOnlyList<ApplyConflict> Conflicts { get; } = conflicts;

    /// <summary>The message Kubernetes sends, which kubectl prints after <c>error: </c>.</summary>
    private static string Describe(IReadOnlyList<ApplyConflict> conflicts)
    {
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: conflict with {conflicts[0].Manager}: {conflicts[0].Field}";
        }
        var lines = new List<string>();
        foreach (var group in conflicts.GroupBy(c => c.Manager).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            lines.Add($"conflicts with {group.Key}:");
            lines.AddRange(group.Select(c => $"- {c.Field}"));
        }
        return $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
    }
}
