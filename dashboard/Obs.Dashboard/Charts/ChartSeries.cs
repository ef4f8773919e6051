namespace Obs.Dashboard.Charts;

/// <summary>One line of a chart: its legend name and its (unix seconds, value) points.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<(double Time, double Value)> Points);
