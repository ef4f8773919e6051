namespace Obs.Api.Cel;

/// <summary>
/// CEL's equality and ordering. Equality is heterogeneous: numbers compare by value across int, uint and
/// double (<c>1 == 1.0</c>), values of unrelated types are simply not equal, lists and maps compare
/// element by element. Ordering exists for numbers, strings, bytes, bools, durations and timestamps.
/// </summary>
internal static class CelEquality
{
    public static bool Equal(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (IsNumber(a) && IsNumber(b)) return CompareNumbers(a, b) == 0;
        switch (a)
        {
            case byte[] x when b is byte[] y:
                return x.AsSpan().SequenceEqual(y);
            case CelList x when b is CelList y:
                if (x.Count != y.Count) return false;
                if (x.Unordered || y.Unordered) return SameElements(x, y);
                for (var i = 0; i < x.Count; i++)
                {
                    if (!Equal(x[i], y[i])) return false;
                }
                return true;
            case CelMap x when b is CelMap y:
                if (x.Count != y.Count) return false;
                foreach (var key in x.Keys)
                {
                    x.TryGet(key, out var xv);
                    if (!y.TryGet(key, out var yv) || !Equal(xv, yv)) return false;
                }
                return true;
            default:
                return a.GetType() == b.GetType() && a.Equals(b);
        }
    }

    /// <summary>Each element of one list matches a distinct element of the other, in any order.</summary>
    private static bool SameElements(CelList x, CelList y)
    {
        var used = new bool[y.Count];
        foreach (var item in x)
        {
            var match = -1;
            for (var j = 0; j < y.Count && match < 0; j++)
            {
                if (!used[j] && Equal(item, y[j])) match = j;
            }
            if (match < 0) return false;
            used[match] = true;
        }
        return true;
    }

    /// <summary>Map keys: numbers by value (a map literal may hold 1 and look up 1u), others by type and value.</summary>
    public static bool KeysEqual(object a, object? b) => b is not null && Equal(a, b);

    public static bool IsNumber(object? v) => v is long or ulong or double;

    /// <summary>-1, 0 or 1; NaN compares as unordered, which callers see as <c>int.MinValue</c>.</summary>
    public static int CompareNumbers(object a, object b)
    {
        switch (a)
        {
            case long x when b is long y: return x.CompareTo(y);
            case ulong x when b is ulong y: return x.CompareTo(y);
            case long x when b is ulong y: return x < 0 ? -1 : ((ulong)x).CompareTo(y);
            case ulong x when b is long y: return y < 0 ? 1 : x.CompareTo((ulong)y);
        }
        var (da, db) = (ToDouble(a), ToDouble(b));
        if (double.IsNaN(da) || double.IsNaN(db)) return int.MinValue;
        // A double against a long compares exactly where the double is integral and within range.
        if (a is long la && Math.Floor(db) == db && db >= long.MinValue && db < 9.2233720368547758E18) return la.CompareTo((long)db);
        if (b is long lb && Math.Floor(da) == da && da >= long.MinValue && da < 9.2233720368547758E18) return ((long)da).CompareTo(lb);
        return da.CompareTo(db);
    }

    private static double ToDouble(object v) => v switch
    {
        long l => l,
        ulong u => u,
        _ => (double)v,
    };

    /// <summary>The order of two values for <c>&lt;</c> and friends, or a no-such-overload error.</summary>
    public static int Compare(string function, object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b)) return CompareNumbers(a!, b!);
        return (a, b) switch
        {
            (string x, string y) => Math.Sign(string.CompareOrdinal(x, y)),
            (bool x, bool y) => x.CompareTo(y),
            (byte[] x, byte[] y) => Math.Sign(x.AsSpan().SequenceCompareTo(y)),
            (TimeSpan x, TimeSpan y) => x.CompareTo(y),
            (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
            _ => throw CelEvaluationException.NoSuchOverload(function, a, b),
        };
    }
}
