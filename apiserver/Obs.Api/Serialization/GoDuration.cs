using System.Globalization;

namespace Obs.Api.Serialization;

/// <summary>
/// Durations as Go's time.ParseDuration reads them, which is how Kubernetes' and Prometheus' command lines take them:
/// <c>40s</c>, <c>2m</c>, <c>1m30s</c>, <c>500ms</c>, <c>1.5h</c>.
/// </summary>
public static class GoDuration
{
    /// <exception cref="FormatException">the text is empty, has a number without a unit, or a unit Go does not know</exception>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var total = TimeSpan.Zero;
        var rest = text.AsSpan();
        if (rest.IsEmpty)
        {
            throw new FormatException("empty duration");
        }
        while (!rest.IsEmpty)
        {
            var digits = 0;
            while (digits < rest.Length && (char.IsAsciiDigit(rest[digits]) || rest[digits] == '.'))
            {
                digits++;
            }
            var units = digits;
            while (units < rest.Length && char.IsAsciiLetter(rest[units]))
            {
                units++;
            }
            // µ is not an ASCII letter: take it with the s after it.
            if (units == digits && rest[digits..].StartsWith("µs", StringComparison.Ordinal)) units += 2;
            if (digits == 0 || units == digits || !double.TryParse(rest[..digits], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"duration '{text}' is not like 5s or 500ms");
            }
            total += rest[digits..units] switch
            {
                "ns" => TimeSpan.FromTicks((long)(value / 100)),
                "us" or "µs" => TimeSpan.FromMicroseconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                _ => throw new FormatException($"duration '{text}' has an unknown unit"),
            };
            rest = rest[units..];
        }
        return total;
    }
}
