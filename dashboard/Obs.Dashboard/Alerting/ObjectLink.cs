namespace Obs.Dashboard.Alerting;

/// <summary>A link to the dashboard page of an object: "Pod default/web-1" → /pods/default/web-1.</summary>
public sealed record ObjectLink(string Kind, string Name, string Href);
