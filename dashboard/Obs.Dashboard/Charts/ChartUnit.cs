namespace Obs.Dashboard.Charts;

/// <summary>How a chart's values read; the same names are what charts.js formats the axis with.</summary>
public enum ChartUnit
{
    /// <summary>0..1, shown as a percentage.</summary>
    Ratio,
    Bytes,
    PerSecond,
    Seconds,
    Plain,
}
