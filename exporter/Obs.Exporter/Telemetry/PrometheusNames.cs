using System.Text;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.Telemetry;

/// <summary>
/// OpenTelemetry → Prometheus naming, after the OpenTelemetry specification's Prometheus compatibility
/// rules: invalid characters become <c>_</c>, the UCUM unit becomes a word suffix unless the name already
/// ends with it, monotonic sums end in <c>_total</c>, dimensionless gauges in <c>_ratio</c>. Names that
/// are already Prometheus names (<c>apiserver_request_total</c>) come out unchanged.
/// </summary>
internal static class PrometheusNames
{
    private const string TotalSuffix = "_total";

    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["TiBy"] = "tibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
        ["1"] = "",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second",
        ["m"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    };

    public static string MetricName(string instrumentName, string? unit, MetricFamilyType type)
    {
        var name = SanitizeMetricName(instrumentName);
        if (type == MetricFamilyType.Counter && name.EndsWith(TotalSuffix, StringComparison.Ordinal) && name.Length > TotalSuffix.Length)
        {
            name = name[..^TotalSuffix.Length];
        }
        var suffix = UnitSuffix(unit, type);
        if (suffix is not null && !HasSuffix(name, suffix))
        {
            name = name + "_" + suffix;
        }
        return type == MetricFamilyType.Counter ? name + TotalSuffix : name;
    }

    /// <summary>The word a UCUM unit adds to a name (<c>s</c> → <c>seconds</c>, <c>By/s</c> → <c>bytes_per_second</c>), or null for none.</summary>
    public static string? UnitSuffix(string? unit, MetricFamilyType type)
    {
        if (string.IsNullOrEmpty(unit))
        {
            return null;
        }
        if (unit == "1")
        {
            return type == MetricFamilyType.Gauge ? "ratio" : null;
        }

        var withoutAnnotations = RemoveAnnotations(unit).Trim();
        var slash = withoutAnnotations.IndexOf('/', StringComparison.Ordinal);
        string result;
        if (slash < 0)
        {
            result = UnitWord(withoutAnnotations);
        }
        else
        {
            var numerator = UnitWord(withoutAnnotations[..slash].Trim());
            var denominatorUnit = withoutAnnotations[(slash + 1)..].Trim();
            var denominator = PerUnits.TryGetValue(denominatorUnit, out var per) ? per : UnitWord(denominatorUnit);
            result = denominator.Length == 0 ? numerator
                : numerator.Length == 0 ? "per_" + denominator
                : numerator + "_per_" + denominator;
        }
        return result.Length == 0 ? null : result;
    }

    /// <summary>A label name for an attribute key: <c>http.request.method</c> → <c>http_request_method</c>.</summary>
    public static string LabelName(string key)
    {
        if (key.Length == 0)
        {
            return "key_";
        }
        var builder = new StringBuilder(key.Length + 4);
        foreach (var c in key)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }
        var name = builder.ToString();
        if (char.IsAsciiDigit(name[0]))
        {
            return "key_" + name;
        }
        // Labels beginning with "__" are reserved for Prometheus itself.
        return name.StartsWith("__", StringComparison.Ordinal) ? "key" + name : name;
    }

    private static string SanitizeMetricName(string name)
    {
        var builder = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            // Colons are legal but reserved for recording rules, which promtool's linter enforces.
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_';
            if (valid || builder.Length == 0 || builder[^1] != '_')
            {
                builder.Append(valid ? c : '_');
            }
        }
        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }
        return builder.ToString();
    }

    private static string UnitWord(string unit)
    {
        if (unit.Length == 0)
        {
            return "";
        }
        if (Units.TryGetValue(unit, out var word))
        {
            return word;
        }
        var builder = new StringBuilder(unit.Length);
        foreach (var c in unit)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }
        return builder.ToString().Trim('_');
    }

    // UCUM annotations in braces ("{request}") name what is counted; they are not units.
    private static string RemoveAnnotations(string unit)
    {
        if (!unit.Contains('{', StringComparison.Ordinal))
        {
            return unit;
        }
        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static bool HasSuffix(string name, string suffix) =>
        name == suffix || (name.EndsWith(suffix, StringComparison.Ordinal) && name[^(suffix.Length + 1)] == '_');
}
