using System.Globalization;
using Obs.Api.Serialization;

namespace Obs.Api.Cron;

/// <summary>
/// A cron schedule as CronJobs read it (the robfig/cron standard parser): five fields
/// <c>minute hour day-of-month month day-of-week</c>, each <c>*</c>, <c>?</c>, numbers, names
/// (<c>JAN</c>, <c>MON</c>), ranges, lists and <c>/step</c>; or a macro (<c>@hourly</c>…), or
/// <c>@every &lt;duration&gt;</c> (a fixed delay, which the API accepts and Kubernetes runs); optionally prefixed by <c>CRON_TZ=</c> or <c>TZ=</c>. Times are matched in the schedule's zone.
/// </summary>
public sealed class CronSchedule
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] _minutes = new bool[60];
    private readonly bool[] _hours = new bool[24];
    private readonly bool[] _daysOfMonth = new bool[32];
    private readonly bool[] _months = new bool[13];
    private readonly bool[] _daysOfWeek = new bool[7];
    private bool _domStar;
    private bool _dowStar;
    private TimeSpan? _every;

    private CronSchedule(TimeZoneInfo zone) => Zone = zone;

    public TimeZoneInfo Zone { get; }

    /// <summary>Parses <paramref name="text"/>; <paramref name="timeZone"/> (an IANA name, CronJob <c>spec.timeZone</c>) applies when the text names none.</summary>
    public static CronSchedule Parse(string text, string? timeZone = null)
    {
        text = text.Trim();
        string? zoneName = timeZone;
        foreach (var prefix in new[] { "CRON_TZ=", "TZ=" })
        {
            if (!text.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0) throw new FormatException($"provided bad spec: {text}");
            zoneName = text[prefix.Length..space];
            text = text[(space + 1)..].Trim();
        }
        TimeZoneInfo zone;
        try
        {
            zone = string.IsNullOrEmpty(zoneName) || zoneName == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zoneName);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new FormatException($"unknown time zone {zoneName}");
        }
        text = text switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ when text.StartsWith("@every ", StringComparison.Ordinal) => text,
            _ when text.StartsWith('@') => throw new FormatException($"unrecognized descriptor: {text}"),
            _ => text,
        };
        if (text.StartsWith("@every ", StringComparison.Ordinal))
            return new CronSchedule(zone) { _every = EveryDelay(text["@every ".Length..].Trim()) };
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5) throw new FormatException($"expected exactly 5 fields, found {fields.Length}: {text}");
        var schedule = new CronSchedule(zone);
        Fill(fields[0], 0, 59, null, schedule._minutes);
        Fill(fields[1], 0, 23, null, schedule._hours);
        schedule._domStar = Fill(fields[2], 1, 31, null, schedule._daysOfMonth);
        Fill(fields[3], 1, 12, Months, schedule._months);
        var days = new bool[8];
        schedule._dowStar = Fill(fields[4], 0, 7, Days, days);
        for (var d = 0; d < 7; d++) schedule._daysOfWeek[d] = days[d] || (d == 0 && days[7]);
        return schedule;
    }

    /// <summary>
    /// robfig/cron's <c>Every</c>: a Go duration (<c>90s</c>, <c>1h30m</c>, <c>1.5h</c>) cut down to whole
    /// seconds, one second at least.
    /// </summary>
    private static TimeSpan EveryDelay(string text)
    {
        if (text.Length == 0) throw new FormatException("failed to parse duration @every");
        TimeSpan delay;
        try
        {
            delay = GoDuration.Parse(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"failed to parse duration @every {text}");
        }
        return TimeSpan.FromSeconds(Math.Max(1, Math.Floor(delay.TotalSeconds)));
    }

    /// <summary>True when the field is a bare <c>*</c> or <c>?</c> (it then does not restrict the other day field).</summary>
    private static bool Fill(string field, int min, int max, string[]? names, bool[] bits)
    {
        var star = false;
        foreach (var part in field.Split(','))
        {
            var (range, stepText) = part.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? (part[..slash], part[(slash + 1)..]) : (part, null);
            int low, high;
            if (range is "*" or "?")
            {
                (low, high) = (min, max == 7 ? 6 : max);
                if (stepText is null) star = true;
            }
            else if (range.IndexOf('-', StringComparison.Ordinal) is var dash and > 0)
            {
                low = Value(range[..dash], min, max, names);
                high = Value(range[(dash + 1)..], min, max, names);
            }
            else
            {
                low = high = Value(range, min, max, names);
                if (stepText is not null) high = max;
            }
            var step = 1;
            if (stepText is not null && (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step) || step <= 0))
                throw new FormatException($"bad step in {part}");
            if (low > high) throw new FormatException($"beginning of range ({low}) beyond end of range ({high}): {part}");
            for (var v = low; v <= high; v += step) bits[v] = true;
        }
        return star;
    }

    private static int Value(string text, int min, int max, string[]? names)
    {
        if (names is not null)
        {
            var index = Array.FindIndex(names, n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (index >= 0) return names.Length == 12 ? index + 1 : index;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) throw new FormatException($"failed to parse int from {text}");
        if (value < min || value > max) throw new FormatException($"value ({value}) out of range [{min}, {max}]");
        return value;
    }

    private bool DayMatches(DateTime local)
    {
        var dom = _daysOfMonth[local.Day];
        var dow = _daysOfWeek[(int)local.DayOfWeek];
        return _domStar || _dowStar ? dom && dow : dom || dow;
    }

    /// <summary>The first activation strictly after <paramref name="after"/>, or null when none comes within five years.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        // A fixed delay counts from the last start with its fraction of a second dropped, as robfig/cron's ConstantDelaySchedule.
        if (_every is { } every) return after.AddTicks(-(after.Ticks % TimeSpan.TicksPerSecond)) + every;
        var local = TimeZoneInfo.ConvertTime(after, Zone).DateTime;
        var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_months[t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1);
                continue;
            }
            if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
                continue;
            }
            if (!_hours[t.Hour])
            {
                t = new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Unspecified).AddHours(1);
                continue;
            }
            if (!_minutes[t.Minute])
            {
                t = t.AddMinutes(1);
                continue;
            }
            // A wall time skipped by a DST change does not happen.
            if (Zone.IsInvalidTime(t))
            {
                t = t.AddMinutes(1);
                continue;
            }
            return new DateTimeOffset(t, Zone.GetUtcOffset(t));
        }
        return null;
    }
}
