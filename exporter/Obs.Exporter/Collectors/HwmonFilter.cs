using System.Text.RegularExpressions;

namespace Obs.Exporter.Collectors;

/// <summary>
/// node_exporter's <c>--collector.hwmon.chip-include/-exclude</c> and <c>--collector.hwmon.sensor-include/-exclude</c>:
/// unanchored regular expressions, as Go's <c>MatchString</c> applies them. A chip is matched by its <c>chip</c> label
/// (<c>platform_coretemp_0</c>); a sensor by the chip and the sensor joined with ";" (<c>platform_coretemp_0;temp3</c>),
/// so one sensor of one chip can be singled out. Something is left out when it matches the exclude expression or
/// does not match the include expression; an empty expression filters nothing. Applied when the chips are listed,
/// so it costs nothing per scrape.
/// </summary>
public sealed class HwmonFilter
{
    public static readonly HwmonFilter None = new("", "", "", "");

    private readonly Regex? chipExclude;
    private readonly Regex? chipInclude;
    private readonly Regex? sensorExclude;
    private readonly Regex? sensorInclude;

    /// <exception cref="ArgumentException">An expression does not parse.</exception>
    public HwmonFilter(string chipExclude, string chipInclude, string sensorExclude, string sensorInclude)
    {
        this.chipExclude = Compile(chipExclude);
        this.chipInclude = Compile(chipInclude);
        this.sensorExclude = Compile(sensorExclude);
        this.sensorInclude = Compile(sensorInclude);
    }

    public bool IgnoresChip(string chip) => Ignores(chipExclude, chipInclude, chip);

    public bool IgnoresSensor(string chip, string sensor) =>
        (sensorExclude is not null || sensorInclude is not null) && Ignores(sensorExclude, sensorInclude, chip + ";" + sensor);

    private static bool Ignores(Regex? exclude, Regex? include, string name) =>
        (exclude is not null && exclude.IsMatch(name)) || (include is not null && !include.IsMatch(name));

    private static Regex? Compile(string pattern) =>
        string.IsNullOrEmpty(pattern) ? null : new Regex(pattern, RegexOptions.CultureInvariant);
}
