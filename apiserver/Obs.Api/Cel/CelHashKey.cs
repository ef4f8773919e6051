namespace Obs.Api.Cel;

/// <summary>
/// A key under which CEL-equal scalars hash alike (<c>1</c>, <c>1u</c> and <c>1.0</c> are one key), so set
/// functions and map building over large lists take linear rather than quadratic time. Values without
/// such a key (lists, maps, bytes...) are compared pairwise by the callers.
/// </summary>
internal static class CelHashKey
{
    public static bool TryGet(object? value, out object key)
    {
        switch (value)
        {
            case string or bool:
                key = value;
                return true;
            case long l:
                key = l;
                return true;
            case ulong u:
                key = u <= long.MaxValue ? (long)u : (object)u;
                return true;
            case double d when !double.IsNaN(d):
                key = Math.Floor(d) == d && d >= long.MinValue && d < 9.2233720368547758E18 ? (long)d
                    : d >= 0 && Math.Floor(d) == d && d < 1.8446744073709552E19 ? (object)(ulong)d : d;
                return true;
            default:
                key = null!;
                return false;
        }
    }

    /// <summary>The elements of <paramref name="list"/> by key, or null when one of them has none.</summary>
    public static HashSet<object>? Set(IEnumerable<object?> list)
    {
        var set = new HashSet<object>();
        foreach (var item in list)
        {
            if (!TryGet(item, out var key)) return null;
            set.Add(key);
        }
        return set;
    }
}
