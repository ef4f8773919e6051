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
            "sets.contains" => Contains(first, second),
            "sets.equivalent" => Contains(first, second) && Contains(second, first),
            "sets.intersects" => second.Any(item => Has(first, item)),
            _ => CelFunctions.NoMatch,
        };
    }

    private static bool Contains(CelList list, CelList sublist) => sublist.All(item => Has(list, item));

    private static bool Has(CelList list, object? item) => list.Any(e => CelEquality.Equal(e, item));
}
