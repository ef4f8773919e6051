namespace Obs.Cli.Cluster;

/// <summary>
/// Where the local cluster's parts prefer to listen; each takes another free port when its own is taken, recorded beside its pid.
/// The agent's ingress ports are <see cref="IngressPorts"/>: null chooses (80 and 443 when free), 0 serves none.
/// </summary>
public sealed record LocalClusterPorts(int ApiServer = 6443, int Agent = 10250, int Alertmanager = 9093, int Prometheus = 9090, int Dashboard = 8080,
    int? IngressHttp = null, int? IngressHttps = null);
