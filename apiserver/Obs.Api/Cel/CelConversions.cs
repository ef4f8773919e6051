using System.Globalization;
using System.Text;

namespace Obs.Api.Cel;

/// <summary>
/// Type conversions (<c>int()</c>, <c>uint()</c>, <c>double()</c>, <c>string()</c>, <c>bytes()</c>,
/// <c>bool()</c>, <c>dyn()</c>, <c>type()</c>, <c>duration()</c>, <c>timestamp()</c>) with CEL's range
/// errors, and the duration and timestamp accessors.
/// </summary>
internal static class CelConversions
{
    public static readonly string[] Names = ["int", "uint", "double", "string", "bytes", "bool", "dyn", "type", "duration", "timestamp"];

    public static readonly string[] MemberNames =
        ["getHours", "getMinutes", "getSeconds", "getMilliseconds", "getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear"];

    public static object? Call(string name, object?[] a)
    {
        if (a.Length != 1) return CelFunctions.NoMatch;
        var v = a[0];
        return name switch
        {
            "int" => ToInt(v),
            "uint" => ToUint(v),
            "double" => ToDouble(v),
            "string" => ToText(v),
            "bytes" => v switch
            {
                byte[] b => b,
                string s => Encoding.UTF8.GetBytes(s),
                _ => CelFunctions.NoMatch,
            },
            "bool" => v switch
            {
                bool b => b,
                string s => s switch
                {
                    "1" or "t" or "true" or "TRUE" or "True" => true,
                    "0" or "f" or "false" or "FALSE" or "False" => false,
                    _ => throw new CelEvaluationException($"type conversion error from 'string' to 'bool'"),
                },
                _ => CelFunctions.NoMatch,
            },
            "dyn" => v,
            "type" => new CelType(CelTypes.NameOf(v)),
            "duration" => v switch
            {
                string s => CelTime.ParseDuration(s),
                TimeSpan t => t,
                _ => CelFunctions.NoMatch,
            },
            "timestamp" => v switch
            {
                string s => CelTime.ParseTimestamp(s),
                DateTimeOffset t => t,
                long seconds when seconds is >= -62135596800 and <= 253402300799 => DateTimeOffset.FromUnixTimeSeconds(seconds),
                _ => CelFunctions.NoMatch,
            },
            _ => CelFunctions.NoMatch,
        };
    }

    private static object? ToInt(object? v) => v switch
    {
        long l => l,
        ulong u => u <= long.MaxValue ? (long)u : throw RangeError(v, "int"),
        // Doubles truncate toward zero; ±2^63 and beyond, infinities and NaN are out of range.
        double d => d > -9.2233720368547758E18 && d < 9.2233720368547758E18 ? (long)d : throw RangeError(v, "int"),
        string s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : throw ConversionError(s, "int"),
        DateTimeOffset t => t.ToUnixTimeSeconds(),
        _ => CelFunctions.NoMatch,
    };

    private static object? ToUint(object? v) => v switch
    {
        ulong u => u,
        long l => l >= 0 ? (ulong)l : throw RangeError(v, "uint"),
        double d => d > -1 && d < 1.8446744073709552E19 ? (ulong)d : throw RangeError(v, "uint"),
        string s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : throw ConversionError(s, "uint"),
        _ => CelFunctions.NoMatch,
    };

    private static object? ToDouble(object? v) => v switch
    {
        double d => d,
        long l => (double)l,
        ulong u => (double)u,
        string s => s switch
        {
            "NaN" => double.NaN,
            "Inf" or "+Inf" or "Infinity" => double.PositiveInfinity,
            "-Inf" or "-Infinity" => double.NegativeInfinity,
            _ => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw ConversionError(s, "double"),
        },
        _ => CelFunctions.NoMatch,
    };

    private static object? ToText(object? v) => v switch
    {
        string s => s,
        bool or long or ulong or double or TimeSpan or DateTimeOffset or CelQuantity or CelUrl or CelType => CelFormat.Display(v),
        byte[] b => Utf8(b),
        _ => CelFunctions.NoMatch,
    };

    private static string Utf8(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CelEvaluationException("invalid UTF-8 in bytes, cannot convert to string");
        }
    }

    private static CelEvaluationException RangeError(object? v, string type) => new($"{type} overflow converting {CelFormat.Display(v)}");

    private static CelEvaluationException ConversionError(string s, string type) => new($"type conversion error from 'string' to '{type}': \"{s}\"");

    /// <summary>The accessors of durations and timestamps (in UTC; CEL's optional time zone argument is not taken).</summary>
    public static object? CallMember(string name, object?[] a)
    {
        if (a.Length != 1) return CelFunctions.NoMatch;
        return (name, a[0]) switch
        {
            ("getHours", TimeSpan t) => (long)t.TotalHours,
            ("getMinutes", TimeSpan t) => (long)t.TotalMinutes,
            ("getSeconds", TimeSpan t) => (long)t.TotalSeconds,
            ("getMilliseconds", TimeSpan t) => (long)t.TotalMilliseconds % 1000,
            ("getHours", DateTimeOffset t) => (long)t.UtcDateTime.Hour,
            ("getMinutes", DateTimeOffset t) => (long)t.UtcDateTime.Minute,
            ("getSeconds", DateTimeOffset t) => (long)t.UtcDateTime.Second,
            ("getMilliseconds", DateTimeOffset t) => (long)t.UtcDateTime.Millisecond,
            ("getFullYear", DateTimeOffset t) => (long)t.UtcDateTime.Year,
            // CEL counts months, days of month and days of year from zero; getDate from one.
            ("getMonth", DateTimeOffset t) => (long)t.UtcDateTime.Month - 1,
            ("getDate", DateTimeOffset t) => (long)t.UtcDateTime.Day,
            ("getDayOfMonth", DateTimeOffset t) => (long)t.UtcDateTime.Day - 1,
            ("getDayOfWeek", DateTimeOffset t) => (long)t.UtcDateTime.DayOfWeek,
            ("getDayOfYear", DateTimeOffset t) => (long)t.UtcDateTime.DayOfYear - 1,
            _ => CelFunctions.NoMatch,
        };
    }
}
