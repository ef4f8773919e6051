using System.Globalization;
using System.Text.RegularExpressions;

namespace Obs.ApiServer.Alerting;

/// <summary>Durations as Prometheus and Alertmanager write them: <c>2h</c>, <c>1h30m</c>, <c>90s</c>, <c>1d</c>, <c>1w</c>, <c>500ms</c>.</summary>
public static partial class DurationText
{
    [GeneratedRegex(@"^((\d+)w)?((\d+)d)?((\d+)h)?((\d+)m(?!s))?((\d+)s)?((\d+)ms)?$")]
    private static partial Regex Pattern();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var m = Pattern().Match(text.Trim());
        if (!m.Success || text.Trim().Length == 0) return false;
        double Part(int group) => m.Groups[group].Success ? double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        duration = TimeSpan.FromDays(Part(2) * 7 + Part(4)) + TimeSpan.FromHours(Part(6)) + TimeSpan.FromMinutes(Part(8))
                   + TimeSpan.FromSeconds(Part(10)) + TimeSpan.FromMilliseconds(Part(12));
        return true;
    }

    /// <summary>The shortest form Alertmanager reads back the same: <c>1h30m</c>, <c>45s</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan d)
    {
        if (d <= TimeSpan.Zero) return "0s";
        var text = "";
        if (d.Days > 0) text += $"{(long)d.TotalDays}d";
        if (d.Hours > 0) text += $"{d.Hours}h";
        if (d.Minutes > 0) text += $"{d.Minutes}m";
        if (d.Seconds > 0) text += $"{d.Seconds}s";
        if (d.Milliseconds > 0) text += $"{d.Milliseconds}ms";
        return text;
    }
}
