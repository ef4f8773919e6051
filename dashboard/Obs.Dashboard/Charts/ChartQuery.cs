namespace Obs.Dashboard.Charts;

/// <summary>One line of a chart as PromQL: the legend name its series take, and the query.</summary>
public sealed record ChartQuery(string Name, string PromQl);
