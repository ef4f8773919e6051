namespace Obs.EndToEnd.Tests.Dashboard;

/// <summary>The browser tests run one class at a time: each drives a Chromium against a cluster of its own, heavy on a small machine.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardBrowserCollection
{
    public const string Name = "dashboard browser";
}
