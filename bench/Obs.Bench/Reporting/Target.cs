using System.Globalization;

namespace Obs.Bench.Reporting;

/// <summary>A target from baselines.md: the figure must be at least (or at most) a value.</summary>
internal sealed record Target(bool AtLeast, double Value, string Unit)
{
    public static Target Min(double value, string unit) => new(true, value, unit);
    public static Target Max(double value, string unit) => new(false, value, unit);

    public bool IsMetBy(double figure) => !double.IsNaN(figure) && (AtLeast ? figure >= Value : figure <= Value);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(AtLeast ? "≥" : "≤")} {Value:#,0.##} {Unit}");
}
