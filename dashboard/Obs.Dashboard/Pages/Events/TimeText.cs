using System.Globalization;

namespace Obs.Dashboard.Pages.Events;

/// <summary>Times as an operator reads them at a glance ("3m ago"), with the exact UTC time kept for a title or datetime attribute.</summary>
public static class TimeText
{
    public static string Ago(DateTimeOffset time, DateTimeOffset now)
    {
        var d = now - time;
        if (d < TimeSpan.Zero) d = TimeSpan.Zero;
        return d.TotalSeconds < 60 ? $"{(int)d.TotalSeconds}s ago"
            : d.TotalMinutes < 60 ? $"{(int)d.TotalMinutes}m ago"
            : d.TotalHours < 48 ? $"{(int)d.TotalHours}h ago"
            : $"{(int)d.TotalDays}d ago";
    }

    /// <summary>RFC 3339 in UTC, for <c>&lt;time datetime&gt;</c> and tooltips.</summary>
    public static string Exact(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
