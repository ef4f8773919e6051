namespace Obs.Api.Printing;

/// <summary>
/// Durations the way kubectl prints ages: about two significant units (<c>45s</c>, <c>3m20s</c>, <c>5h</c>,
/// <c>2d3h</c>, <c>3y45d</c>). Up to a second in the future reads as <c>0s</c> (clocks drift); more is <c>&lt;invalid&gt;</c>.
/// </summary>
public static class HumanDuration
{
    /// <summary>The form used for AGE and most durations (Kubernetes' <c>duration.HumanDuration</c>).</summary>
    public static string Format(TimeSpan d)
    {
        // Whole units, truncated toward zero like Go's integer conversion of a Duration.
        var seconds = d.Ticks / TimeSpan.TicksPerSecond;
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 60 * 2) return $"{seconds}s";

        var minutes = d.Ticks / TimeSpan.TicksPerMinute;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s";
        }
        if (minutes < 60 * 3) return $"{minutes}m";

        var hours = d.Ticks / TimeSpan.TicksPerHour;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{hours}h" : $"{hours}h{m}m";
        }
        if (hours < 48) return $"{hours}h";
        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? $"{hours / 24}d" : $"{hours / 24}d{h}h";
        }
        if (hours < 24 * 365 * 2) return $"{hours / 24}d";
        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{dy}d";
        }
        return $"{hours / 24 / 365}y";
    }

    /// <summary>One unit only (<c>45s</c>, <c>3m</c>, <c>5h</c>, <c>12d</c>, <c>2y</c>): Kubernetes' <c>duration.ShortHumanDuration</c>.</summary>
    public static string Short(TimeSpan d)
    {
        var seconds = d.Ticks / TimeSpan.TicksPerSecond;
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 60) return $"{seconds}s";
        var minutes = d.Ticks / TimeSpan.TicksPerMinute;
        if (minutes < 60) return $"{minutes}m";
        var hours = d.Ticks / TimeSpan.TicksPerHour;
        if (hours < 24) return $"{hours}h";
        if (hours < 24 * 365) return $"{hours / 24}d";
        return $"{hours / 24 / 365}y";
    }

    /// <summary>
    /// The age of an RFC 3339 timestamp at <paramref name="now"/>, as printed in AGE columns;
    /// <c>&lt;unknown&gt;</c> when the timestamp is missing or unreadable.
    /// </summary>
    public static string Since(string? timestamp, DateTimeOffset now) =>
        Timestamp.TryParse(timestamp, out var time) ? Format(now - time) : "<unknown>";
}
