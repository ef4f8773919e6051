using System.Globalization;

namespace Obs.Api.Cel;

/// <summary>
/// CEL's durations (TimeSpan, written as Go writes them: <c>1h30m</c>, <c>1.5s</c>, <c>300ms</c>) and
/// timestamps (DateTimeOffset, RFC 3339), with the ranges CEL allows them.
/// </summary>
internal static class CelTime
{
    // CEL bounds durations at ±10000 years in seconds, and timestamps to years 1–9999.
    private static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(315_576_000_000);

    public static TimeSpan ParseDuration(string text)
    {
        var s = text;
        var negative = false;
        if (s.StartsWith('-') || s.StartsWith('+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0") return TimeSpan.Zero;
        if (s.Length == 0) throw Invalid(text);
        decimal totalNanos = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (i == start || !decimal.TryParse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)) throw Invalid(text);
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            decimal nanosPerUnit = s[unitStart..i] switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => throw Invalid(text),
            };
            try
            {
                totalNanos += amount * nanosPerUnit;
            }
            catch (OverflowException)
            {
                throw Invalid(text);
            }
        }
        var ticks = totalNanos / 100m;
        if (ticks > TimeSpan.MaxValue.Ticks) throw Invalid(text);
        return CheckDuration(new TimeSpan((long)(negative ? -ticks : ticks)));
    }

    private static CelEvaluationException Invalid(string text) => new($"invalid duration: \"{text}\"");

    public static DateTimeOffset ParseTimestamp(string text)
    {
        if (!DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"], CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal, out var t) || !text.Contains('T'))
            throw new CelEvaluationException($"invalid timestamp: \"{text}\"");
        return t;
    }

    public static TimeSpan CheckDuration(TimeSpan d) =>
        d > MaxDuration || d < -MaxDuration ? throw new CelEvaluationException("duration out of range") : d;

    public static DateTimeOffset CheckTimestamp(DateTimeOffset t, TimeSpan add)
    {
        try
        {
            return t.Add(add);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new CelEvaluationException("timestamp out of range");
        }
    }

    /// <summary>CEL prints a duration in seconds: <c>5400s</c>, <c>1.5s</c>.</summary>
    public static string FormatDuration(TimeSpan d) =>
        (d.Ticks / (decimal)TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture) + "s";

    public static string FormatTimestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString(t.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
