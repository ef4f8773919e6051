using System.Net;

namespace Obs.Dashboard;

/// <summary>How the dashboard is served and where it finds the cluster and Prometheus.</summary>
public sealed record DashboardOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port (tests); `obs up` uses 8080.</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The dashboard's own kubeconfig: its informers watch the cluster with it. Users act with their own tokens.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Prometheus's base URL for time series (charts); null leaves the charts saying Prometheus is not configured.</summary>
    public Uri? PrometheusUrl { get; init; }

    /// <summary>
    /// Where the Data Protection keys that encrypt sign-in cookies are kept, so users stay signed
    /// in across restarts (`obs dashboard` puts them under OBS_HOME). Null keeps them in memory.
    /// </summary>
    public string? KeysDirectory { get; init; }
}
