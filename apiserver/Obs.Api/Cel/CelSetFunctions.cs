namespace Obs.Api.Cel;

/// <summary>
/// cel-go's sets library, which Kubernetes enables: <c>sets.contains(a, b)</c> (every element of <c>b</c> is in
/// <c>a</c>), <c>sets.equivalent(a, b)</c> (each contains the other) and <c>sets.intersects(a, b)</c>, by CEL equality.
/// </summary>
internal static class CelSetFunctions
{
    public static readonly string[] GlobalNames = ["sets.contains", "sets.equivalent", "sets.intersects"];

    public static object? CallGlobal(string name, object?[] a)
    {
        if (a is not [CelList first, CelList second]) return CelFunctions.NoMatch;
        return name switch
        {
            "sets.contains" => second.All(MemberOf(first)),
            "sets.equivalent" => second.All(MemberOf(first)) && first.All(MemberOf(second)),
            "sets.intersects" => second.Any(MemberOf(first)),
            _ => CelFunctions.NoMatch,
        };
    }

    /// <summary>Membership in <paramref name="list"/>: by hash key where its elements have them (linear), else pairwise.</summary>
    private static Func<object?, bool> MemberOf(CelList list)
    {
        var keys = CelHashKey.Set(list);
        return item => keys is not null && CelHashKey.TryGet(item, out var key) ? keys.Contains(key) : list.Any(e => CelEquality.Equal(e, item));
    }
}
