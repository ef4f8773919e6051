namespace Obs.Dashboard.Components.Lists;

/// <summary>One choice of a list's status filter: the value its URL carries ("crash-looping") and the words the select shows.</summary>
public sealed record StatusOption(string Value, string Label)
{
    /// <summary>
    /// The error to show for <paramref name="status"/> (a hand-written or stale URL), or null when it is one of
    /// <paramref name="options"/> or absent: a status the list does not know filters nothing silently away.
    /// </summary>
    public static string? ErrorFor(IReadOnlyList<StatusOption> options, string? status) =>
        status is null || options.Any(o => o.Value == status)
            ? null
            : $"there is no status \"{status}\" here; pick one of: {string.Join(", ", options.Select(o => o.Value))}";
}
