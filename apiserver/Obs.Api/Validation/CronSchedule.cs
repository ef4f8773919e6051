using System.Globalization;
using System.Text.RegularExpressions;

namespace Obs.Api.Validation;

/// <summary>
/// Checks a CronJob schedule the way Kubernetes does (robfig/cron's standard parser): five fields or a
/// descriptor such as <c>@hourly</c> or <c>@every 5m</c>, with the parser's error texts.
/// </summary>
public static partial class CronSchedule
{
    private static readonly string[] Descriptors = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

    private static readonly Dictionary<string, int> Months = new(StringComparer.Ordinal)
    {
        ["jan"] = 1, ["feb"] = 2, ["mar"] = 3, ["apr"] = 4, ["may"] = 5, ["jun"] = 6,
        ["jul"] = 7, ["aug"] = 8, ["sep"] = 9, ["oct"] = 10, ["nov"] = 11, ["dec"] = 12,
    };

    private static readonly Dictionary<string, int> Days = new(StringComparer.Ordinal)
    {
        ["sun"] = 0, ["mon"] = 1, ["tue"] = 2, ["wed"] = 3, ["thu"] = 4, ["fri"] = 5, ["sat"] = 6,
    };

    [GeneratedRegex(@"^([0-9]*(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex GoDuration();

    /// <summary>Null when the schedule parses; otherwise the parser's message.</summary>
    public static string? Validate(string schedule)
    {
        if (schedule.StartsWith('@'))
        {
            if (schedule.StartsWith("@every ", StringComparison.Ordinal))
            {
                var duration = schedule["@every ".Length..];
                return GoDuration().IsMatch(duration) && duration != "" ? null : $"failed to parse duration {schedule}: time: invalid duration \"{duration}\"";
            }
            return Descriptors.Contains(schedule) ? null : "unrecognized descriptor: " + schedule;
        }
        var fields = schedule.Split([' ', '\t', '\n', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5) return $"expected exactly 5 fields, found {fields.Length}: [{string.Join(" ", fields)}]";
        (int Min, int Max, Dictionary<string, int>? Names)[] bounds = [(0, 59, null), (0, 23, null), (1, 31, null), (1, 12, Months), (0, 6, Days)];
        for (var i = 0; i < 5; i++)
        {
            foreach (var expr in fields[i].Split(','))
            {
                if (ValidateRange(expr, bounds[i].Min, bounds[i].Max, bounds[i].Names) is { } error) return error;
            }
        }
        return null;
    }

    private static string? ValidateRange(string expr, int min, int max, Dictionary<string, int>? names)
    {
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        long start, end;
        string? error;
        if (lowAndHigh[0] is "*" or "?")
        {
            start = min;
            end = max;
        }
        else
        {
            if ((error = ParseIntOrName(lowAndHigh[0], names, out start)) is not null) return error;
            switch (lowAndHigh.Length)
            {
                case 1:
                    end = start;
                    break;
                case 2:
                    if ((error = ParseIntOrName(lowAndHigh[1], names, out end)) is not null) return error;
                    break;
                default:
                    return "too many hyphens: " + expr;
            }
        }
        long step;
        switch (rangeAndStep.Length)
        {
            case 1:
                step = 1;
                break;
            case 2:
                if ((error = ParseInt(rangeAndStep[1], out step)) is not null) return error;
                // "N/step" means "N-max/step".
                if (lowAndHigh.Length == 1) end = max;
                break;
            default:
                return "too many slashes: " + expr;
        }
        if (start < min) return $"beginning of range ({start}) below minimum ({min}): {expr}";
        if (end > max) return $"end of range ({end}) above maximum ({max}): {expr}";
        if (start > end) return $"beginning of range ({start}) beyond end of range ({end}): {expr}";
        if (step == 0) return "step of range should be a positive number: " + expr;
        return null;
    }

    private static string? ParseIntOrName(string expr, Dictionary<string, int>? names, out long value)
    {
        if (names is not null && names.TryGetValue(expr.ToLowerInvariant(), out var named))
        {
            value = named;
            return null;
        }
        return ParseInt(expr, out value);
    }

    private static string? ParseInt(string expr, out long value)
    {
        if (!long.TryParse(expr, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            return $"failed to parse int from {expr}: strconv.Atoi: parsing \"{expr}\": invalid syntax";
        if (value < 0) return $"negative number ({value}) not allowed: {expr}";
        return null;
    }
}
