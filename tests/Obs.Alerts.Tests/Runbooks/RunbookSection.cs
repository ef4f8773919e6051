namespace Obs.Alerts.Tests.Runbooks;

/// <summary>A level-2 heading of a runbook and the text under it.</summary>
internal sealed record RunbookSection(string Heading, string Body);
