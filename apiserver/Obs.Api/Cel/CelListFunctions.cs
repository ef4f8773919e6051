namespace Obs.Api.Cel;

/// <summary>
/// Kubernetes' lists library: <c>isSorted</c>, <c>sum</c>, <c>min</c>, <c>max</c>, <c>indexOf</c> and
/// <c>lastIndexOf</c> on lists of comparable values.
/// </summary>
internal static class CelListFunctions
{
    public static readonly string[] MemberNames = ["isSorted", "sum", "min", "max", "indexOf", "lastIndexOf"];

    public static object? CallMember(string name, object?[] a)
    {
        if (a[0] is not CelList list) return CelFunctions.NoMatch;
        return (name, a.Length) switch
        {
            ("isSorted", 1) => IsSorted(list),
            ("sum", 1) => Sum(list),
            ("min", 1) => Extreme(list, "min", c => c < 0),
            ("max", 1) => Extreme(list, "max", c => c > 0),
            ("indexOf", 2) => IndexOf(list, a[1], last: false),
            ("lastIndexOf", 2) => IndexOf(list, a[1], last: true),
            _ => CelFunctions.NoMatch,
        };
    }

    private static bool IsSorted(CelList list)
    {
        for (var i = 1; i < list.Count; i++)
        {
            if (CelEquality.Compare("isSorted", list[i - 1], list[i]) > 0) return false;
        }
        return true;
    }

    /// <summary>The sum; an empty list sums to int 0 (the checker would know the element type, this evaluator does not).</summary>
    private static object? Sum(CelList list)
    {
        object? total = null;
        foreach (var item in list) total = total is null ? Summable(item) : CelArithmetic.Add(total, item);
        return total ?? 0L;
    }

    private static object? Summable(object? item) =>
        item is long or ulong or double or TimeSpan ? item : throw CelEvaluationException.NoSuchOverload("sum", item);

    private static object? Extreme(CelList list, string name, Func<int, bool> better)
    {
        if (list.Count == 0) throw new CelEvaluationException($"{name} called on empty list");
        var best = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            var c = CelEquality.Compare(name, list[i], best);
            if (c != int.MinValue && better(c)) best = list[i];
        }
        // A single element still has to be of a comparable type.
        CelEquality.Compare(name, best, best);
        return best;
    }

    private static long IndexOf(CelList list, object? element, bool last)
    {
        for (var n = 0; n < list.Count; n++)
        {
            var i = last ? list.Count - 1 - n : n;
            if (CelEquality.Equal(list[i], element)) return i;
        }
        return -1;
    }
}
