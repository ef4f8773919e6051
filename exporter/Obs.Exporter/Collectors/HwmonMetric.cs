using Obs.Exporter.Exposition;

namespace Obs.Exporter.Collectors;

/// <summary>How a hwmon file's text becomes a sample value: sysfs keeps milli- and micro-units.</summary>
internal enum HwmonConversion
{
    AsIs,
    Milli,
    Micro,
    /// <summary><c>beep_enable</c>: 1 when the file says exactly 1, else 0.</summary>
    OneIfOne,
}

/// <summary>
/// The family one hwmon sensor file feeds, by node_exporter's rules: <c>temp1_input</c> gives
/// <c>node_hwmon_temp_celsius</c> (millidegrees scaled), <c>temp1_max</c> <c>node_hwmon_temp_max_celsius</c>,
/// <c>in0_input</c> <c>node_hwmon_in_volts</c>, <c>fan1_input</c> <c>node_hwmon_fan_rpm</c>, <c>power1_average</c>
/// <c>node_hwmon_power_average_watt</c>; elements without a unit rule (<c>pwm1</c>, <c>fan1_pulses</c>) are reported
/// as read. Its quirks are kept so dashboards match: <c>temp1_crit_alarm</c> is <c>node_hwmon_temp_crit_alarm_celsius</c>,
/// scaled like a temperature.
/// </summary>
internal sealed record HwmonMetric(string Name, string Help, MetricFamilyType Type, HwmonConversion Conversion)
{
    /// <summary>The family of a sensor's whole-value file of the three types that have only that (<c>beep_enable</c>, <c>vrm</c>, <c>update_interval</c>).</summary>
    public static HwmonMetric? ForWholeValueType(string type) => type switch
    {
        "beep_enable" => new("node_hwmon_beep_enabled", "Hardware beep enabled", MetricFamilyType.Gauge, HwmonConversion.OneIfOne),
        "vrm" => new("node_hwmon_voltage_regulator_version", "Hardware voltage regulator", MetricFamilyType.Gauge, HwmonConversion.AsIs),
        "update_interval" => new("node_hwmon_update_interval_seconds", "Hardware monitor update interval", MetricFamilyType.Gauge, HwmonConversion.Milli),
        _ => null,
    };

    /// <summary>
    /// The family of one element (property) of a sensor of the given type; null for its label and for a frequency
    /// without a label. <paramref name="hasWholeValue"/>: the sensor also has a file without property (<c>pwm1</c>),
    /// which takes the plain name, so its <c>input</c> is named <c>_input</c>.
    /// </summary>
    public static HwmonMetric? For(string type, string element, bool hasWholeValue, bool hasLabel)
    {
        if (element == "label")
        {
            return null;
        }
        var name = "node_hwmon_" + type;
        if (element == "input")
        {
            name = hasWholeValue ? name + "_input" : name;
        }
        else if (element.Length > 0)
        {
            name += "_" + HwmonNames.Clean(element);
        }
        return (type, element) switch
        {
            (_, "fault" or "alarm") => Gauge(name, $"Hardware sensor {element} status ({type})", HwmonConversion.AsIs),
            (_, "beep") => Gauge(name + "_enabled", "Hardware monitor sensor has beeping enabled", HwmonConversion.AsIs),
            ("in" or "cpu", _) => Gauge(name + "_volts", $"Hardware monitor for voltage ({element})", HwmonConversion.Milli),
            ("temp", not "type") => Gauge(name + "_celsius", $"Hardware monitor for temperature ({(element.Length == 0 ? "input" : element)})", HwmonConversion.Milli),
            ("curr", _) => Gauge(name + "_amps", $"Hardware monitor for current ({element})", HwmonConversion.Milli),
            ("energy", _) => new(name + "_joule_total", $"Hardware monitor for joules used so far ({element})", MetricFamilyType.Counter, HwmonConversion.Micro),
            ("power", "accuracy") => Gauge(name, "Hardware monitor power meter accuracy, as a ratio", HwmonConversion.Micro),
            ("power", "average_interval" or "average_interval_min" or "average_interval_max") =>
                Gauge(name + "_seconds", $"Hardware monitor power usage update interval ({element})", HwmonConversion.Milli),
            ("power", _) => Gauge(name + "_watt", $"Hardware monitor for power usage in watts ({element})", HwmonConversion.Micro),
            ("humidity", _) => Gauge(name,
                $"Hardware monitor for humidity, as a ratio (multiply with 100.0 to get the humidity as a percentage) ({element})", HwmonConversion.Micro),
            ("fan", "input" or "min" or "max" or "target") => Gauge(name + "_rpm", $"Hardware monitor for fan revolutions per minute ({element})", HwmonConversion.AsIs),
            // A GPU clock: node_exporter reports it only under its label (sclk, mclk), which then stands as the sensor.
            ("freq", "input") => hasLabel ? Gauge(name + "_freq_mhz", "Hardware monitor for GPU frequency in MHz", HwmonConversion.Micro) : null,
            _ => Gauge(name, $"Hardware monitor {type} element {element}", HwmonConversion.AsIs),
        };
    }

    private static HwmonMetric Gauge(string name, string help, HwmonConversion conversion) => new(name, help, MetricFamilyType.Gauge, conversion);
}
