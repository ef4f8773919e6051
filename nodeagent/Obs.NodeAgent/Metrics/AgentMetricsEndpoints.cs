using Obs.Exporter.Collectors;
using Obs.Exporter.Telemetry;

namespace Obs.NodeAgent.Metrics;

/// <summary>
/// The metrics paths of the agent API, as a kubelet and node_exporter lay them out: <c>/metrics</c>
/// (the agent itself; Prometheus job <c>kubelet</c>), <c>/metrics/node</c> (the node's USE,
/// node_exporter's names; job <c>node</c>), <c>/metrics/cadvisor</c> (the pods' containers,
/// cAdvisor's names; job <c>cadvisor</c>) and whatever else is added (the service proxy's RED).
/// </summary>
internal sealed class AgentMetricsEndpoints : IDisposable
{
    private readonly Dictionary<string, MetricsRegistry> _byPath = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _owned = [];

    /// <param name="serviceMeters">Meters of what else the agent runs (the service proxy, cluster DNS), served beside its own at <c>/metrics</c>.</param>
    /// <param name="serviceCollectors">Collectors of what else the agent runs, also at <c>/metrics</c>.</param>
    public AgentMetricsEndpoints(AgentInstruments instruments, PodContainersCollector containers, NodeCollectorOptions nodeCollectors, Action<string, Exception> error,
        IEnumerable<string>? serviceMeters = null, IEnumerable<IMetricsCollector>? serviceCollectors = null)
    {
        // The agent's own process and .NET runtime figures too, as the kubelet's /metrics carries process_*.
        var agent = new MetricsRegistry([instruments.MeterName, MetricsRegistry.RuntimeMeterName, .. serviceMeters ?? []]) { Error = error };
        agent.Register(new ProcessCollector());
        foreach (var collector in serviceCollectors ?? []) agent.Register(collector);
        _byPath["/metrics"] = agent;
        var node = new MetricsRegistry { Error = error };
        var collectors = NodeCollectorSet.Create(nodeCollectors);
        collectors.Error = error;
        node.Register(collectors);
        _byPath["/metrics/node"] = node;
        var cadvisor = new MetricsRegistry { Error = error };
        cadvisor.Register(containers);
        _byPath["/metrics/cadvisor"] = cadvisor;
        _owned.Add(instruments);
        _owned.Add(containers);
    }

    public IEnumerable<string> Paths => _byPath.Keys;

    /// <summary>Adds a collector to the registry at <paramref name="path"/>, creating it when new.</summary>
    public void Register(string path, IMetricsCollector collector)
    {
        if (!_byPath.TryGetValue(path, out var registry)) _byPath[path] = registry = new MetricsRegistry();
        registry.Register(collector);
    }

    public MetricsRegistry? Find(string path) => _byPath.GetValueOrDefault(path);

    public void Dispose()
    {
        foreach (var registry in _byPath.Values) registry.Dispose();
        foreach (var owned in _owned) owned.Dispose();
    }
}
