namespace Obs.Cli.Cluster;

/// <summary>What the local Prometheus is told: where the apiserver is (service discovery and its own metrics), how to authenticate, where rules and Alertmanager are.</summary>
public sealed record PrometheusConfigOptions
{
    public required string ApiServerUrl { get; init; }

    /// <summary>The cluster CA, to trust the apiserver's serving certificate.</summary>
    public required string CaFile { get; init; }

    /// <summary>A file holding the bearer token Prometheus sends to the apiserver and the node agents.</summary>
    public required string TokenFile { get; init; }

    /// <summary>host:port of Alertmanager, or null to evaluate rules without sending alerts.</summary>
    public string? Alertmanager { get; init; }

    /// <summary>The file naming the dashboard's address (see <see cref="PrometheusConfig.DashboardTargets"/>), or null for no dashboard job.</summary>
    public string? DashboardTargetsFile { get; init; }

    public IReadOnlyList<string> RuleFiles { get; init; } = [];

    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan EvaluationInterval { get; init; } = TimeSpan.FromSeconds(15);
}
