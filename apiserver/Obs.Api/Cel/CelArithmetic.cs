namespace Obs.Api.Cel;

/// <summary>
/// CEL's arithmetic operators. int and uint arithmetic is checked: overflow is an error, never a
/// wrap, as is division or modulus by zero; doubles follow IEEE 754. <c>+</c> also concatenates
/// strings, bytes and lists, and adds durations to timestamps.
/// </summary>
internal static class CelArithmetic
{
    public static object? Add(object? a, object? b) => Checked(() => (a, b) switch
        {
            (long x, long y) => (object)checked(x + y),
            (ulong x, ulong y) => (object)checked(x + y),
            (double x, double y) => x + y,
            (string x, string y) => x + y,
            (byte[] x, byte[] y) => (byte[])[.. x, .. y],
            (CelList x, CelList y) => new CelList([.. x, .. y]),
            (TimeSpan x, TimeSpan y) => CelTime.CheckDuration(x + y),
            (DateTimeOffset x, TimeSpan y) => CelTime.CheckTimestamp(x, y),
            (TimeSpan x, DateTimeOffset y) => CelTime.CheckTimestamp(y, x),
            _ => throw CelEvaluationException.NoSuchOverload("_+_", a, b),
        });

    public static object? Subtract(object? a, object? b) => Checked(() => (a, b) switch
        {
            (long x, long y) => (object)checked(x - y),
            (ulong x, ulong y) => (object)checked(x - y),
            (double x, double y) => x - y,
            (TimeSpan x, TimeSpan y) => CelTime.CheckDuration(x - y),
            (DateTimeOffset x, TimeSpan y) => CelTime.CheckTimestamp(x, -y),
            (DateTimeOffset x, DateTimeOffset y) => CelTime.CheckDuration(x - y),
            _ => throw CelEvaluationException.NoSuchOverload("_-_", a, b),
        });

    public static object? Multiply(object? a, object? b) => Checked(() => (a, b) switch
        {
            (long x, long y) => (object)checked(x * y),
            (ulong x, ulong y) => (object)checked(x * y),
            (double x, double y) => x * y,
            _ => throw CelEvaluationException.NoSuchOverload("_*_", a, b),
        });

    public static object? Divide(object? a, object? b) => Checked(() => (a, b) switch
        {
            (long, 0L) or (ulong, 0UL) => throw new CelEvaluationException("division by zero"),
            (long x, long y) => (object)checked(x / y),
            (ulong x, ulong y) => (object)(x / y),
            (double x, double y) => x / y,
            _ => throw CelEvaluationException.NoSuchOverload("_/_", a, b),
        });

    public static object? Modulo(object? a, object? b) => Checked(() => (a, b) switch
        {
            (long, 0L) or (ulong, 0UL) => throw new CelEvaluationException("modulus by zero"),
            (long x, long y) => (object)(x % y),
            (ulong x, ulong y) => (object)(x % y),
            _ => throw CelEvaluationException.NoSuchOverload("_%_", a, b),
        });

    public static object? Negate(object? a) => a switch
    {
        long.MinValue => throw Overflow(),
        long x => (object)-x,
        double x => -x,
        TimeSpan x => CelTime.CheckDuration(-x),
        _ => throw CelEvaluationException.NoSuchOverload("-_", a),
    };

    private static CelEvaluationException Overflow() => new("integer overflow");

    /// <summary>Runs checked arithmetic, turning .NET's overflow into CEL's error.</summary>
    private static object? Checked(Func<object?> compute)
    {
        try
        {
            return compute();
        }
        catch (OverflowException)
        {
            throw Overflow();
        }
    }
}
