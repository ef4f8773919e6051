using System.Globalization;
using System.Text.RegularExpressions;

namespace Obs.Alerts.Tests.Rules;

/// <summary>Prometheus' duration notation (<c>90s</c>, <c>15m</c>, <c>1h30m</c>, <c>3d</c>), as rule files and promtool tests write it.</summary>
internal static partial class PrometheusDuration
{
    public static TimeSpan Parse(string text)
    {
        var parts = Part().Matches(text);
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != text)
            throw new FormatException($"'{text}' is not a Prometheus duration");
        return parts.Aggregate(TimeSpan.Zero, (sum, p) => sum + Unit(p.Groups[2].Value) * long.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static TimeSpan Unit(string unit) => unit switch
    {
        "ms" => TimeSpan.FromMilliseconds(1),
        "s" => TimeSpan.FromSeconds(1),
        "m" => TimeSpan.FromMinutes(1),
        "h" => TimeSpan.FromHours(1),
        "d" => TimeSpan.FromDays(1),
        "w" => TimeSpan.FromDays(7),
        _ => TimeSpan.FromDays(365),
    };

    [GeneratedRegex("([0-9]+)(ms|s|m|h|d|w|y)")]
    private static partial Regex Part();
}
