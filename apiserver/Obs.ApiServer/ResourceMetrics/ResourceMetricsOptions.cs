namespace Obs.ApiServer.ResourceMetrics;

/// <summary>How the apiserver gathers <c>metrics.k8s.io</c> from the node agents, as metrics-server does.</summary>
public sealed record ResourceMetricsOptions
{
    /// <summary>Time between scrapes of every agent's <c>/metrics/resource</c>; CPU is the rate over one such window.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one agent may take to answer before its node is left out of this round.</summary>
    public TimeSpan ScrapeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>False turns the scraper off (the API then reports no metrics); tests fill the store themselves.</summary>
    public bool Scrape { get; init; } = true;
}
