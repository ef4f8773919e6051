namespace Obs.Api.Cel;

/// <summary>The binary operators: arithmetic, equality, ordering and <c>in</c>.</summary>
internal static class CelOperators
{
    public static readonly string[] Names = ["_+_", "_-_", "_*_", "_/_", "_%_", "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_", "@in"];

    public static object? Call(string name, object?[] a)
    {
        if (a.Length != 2) return CelFunctions.NoMatch;
        return name switch
        {
            "_+_" => CelArithmetic.Add(a[0], a[1]),
            "_-_" => CelArithmetic.Subtract(a[0], a[1]),
            "_*_" => CelArithmetic.Multiply(a[0], a[1]),
            "_/_" => CelArithmetic.Divide(a[0], a[1]),
            "_%_" => CelArithmetic.Modulo(a[0], a[1]),
            "_==_" => CelEquality.Equal(a[0], a[1]),
            "_!=_" => !CelEquality.Equal(a[0], a[1]),
            "_<_" => Ordered(name, a, c => c < 0),
            "_<=_" => Ordered(name, a, c => c <= 0),
            "_>_" => Ordered(name, a, c => c > 0),
            "_>=_" => Ordered(name, a, c => c >= 0),
            "@in" => In(a[0], a[1]),
            _ => CelFunctions.NoMatch,
        };
    }

    private static bool Ordered(string name, object?[] a, Func<int, bool> holds)
    {
        var c = CelEquality.Compare(name, a[0], a[1]);
        // NaN is unordered: every comparison with it is false.
        return c != int.MinValue && holds(c);
    }

    private static bool In(object? element, object? container) => container switch
    {
        CelList list => list.Any(e => CelEquality.Equal(e, element)),
        CelMap map => map.TryGet(element, out _),
        _ => throw CelEvaluationException.NoSuchOverload("@in", element, container),
    };
}
