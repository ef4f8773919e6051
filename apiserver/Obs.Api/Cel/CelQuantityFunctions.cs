using System.Numerics;
using Obs.Api.Quantities;

namespace Obs.Api.Cel;

/// <summary>
/// Kubernetes' quantity library: <c>quantity()</c>, <c>isQuantity()</c>, and on a quantity <c>sign</c>,
/// <c>isInteger</c>, <c>asInteger</c>, <c>asApproximateFloat</c>, <c>add</c>, <c>sub</c>,
/// <c>isLessThan</c>, <c>isGreaterThan</c>, <c>compareTo</c>.
/// </summary>
internal static class CelQuantityFunctions
{
    private const long NanosPerUnit = 1_000_000_000;

    public static readonly string[] GlobalNames = ["quantity", "isQuantity"];

    public static readonly string[] MemberNames =
        ["sign", "isInteger", "asInteger", "asApproximateFloat", "add", "sub", "isLessThan", "isGreaterThan", "compareTo"];

    public static object? CallGlobal(string name, object?[] a) => (name, a) switch
    {
        ("quantity", [string s]) => Quantity.TryParse(s, out var q, out var error) ? new CelQuantity(q) : throw new CelEvaluationException(error ?? "invalid quantity"),
        ("isQuantity", [string s]) => Quantity.TryParse(s, out _, out _),
        _ => CelFunctions.NoMatch,
    };

    public static object? CallMember(string name, object?[] a)
    {
        if (a[0] is not CelQuantity { Value: var q }) return CelFunctions.NoMatch;
        return (name, a.Length) switch
        {
            ("sign", 1) => (long)q.Sign,
            ("isInteger", 1) => IsInteger(q),
            ("asInteger", 1) => IsInteger(q) ? (long)(q.Nanos / NanosPerUnit) : throw new CelEvaluationException("cannot convert value to integer"),
            ("asApproximateFloat", 1) => q.ToDouble(),
            ("add", 2) => new CelQuantity(Quantity.FromNanos(q.Nanos + Nanos(a[1], name), q.Format)),
            ("sub", 2) => new CelQuantity(Quantity.FromNanos(q.Nanos - Nanos(a[1], name), q.Format)),
            ("isLessThan", 2) => q.Nanos < Nanos(a[1], name),
            ("isGreaterThan", 2) => q.Nanos > Nanos(a[1], name),
            ("compareTo", 2) => (long)q.Nanos.CompareTo(Nanos(a[1], name)),
            _ => CelFunctions.NoMatch,
        };
    }

    private static bool IsInteger(Quantity q) =>
        q.Nanos % NanosPerUnit == 0 && q.Nanos / NanosPerUnit >= long.MinValue && q.Nanos / NanosPerUnit <= long.MaxValue;

    private static BigInteger Nanos(object? other, string function) => other switch
    {
        CelQuantity o => o.Value.Nanos,
        long l => (BigInteger)l * NanosPerUnit,
        _ => throw new CelEvaluationException($"no such overload: {function}(kubernetes.Quantity, {CelTypes.NameOf(other)})"),
    };
}
