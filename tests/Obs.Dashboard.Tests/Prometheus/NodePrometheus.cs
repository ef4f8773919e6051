using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard.Tests.Prometheus;

/// <summary>
/// A real Prometheus scraping obs-exporter's node collectors as the job <c>node</c>, the target labelled
/// <c>node=<see cref="Node"/></c> as the apiserver's discovery labels a node agent's: one per test class.
/// </summary>
public sealed class NodePrometheus : IAsyncLifetime
{
    public const string Node = "node-1";

    private readonly HttpClient _http = new();
    private NodeMetricsServer? _exporter;
    private RealPrometheus? _prometheus;

    public PrometheusClient Client { get; private set; } = null!;

    public string Log => _prometheus?.Log ?? "";

    public async Task InitializeAsync()
    {
        _exporter = await NodeMetricsServer.StartAsync();
        _prometheus = await RealPrometheus.StartAsync("node", _exporter.Target, new Dictionary<string, string> { ["node"] = Node });
        Client = new PrometheusClient(_http, _prometheus.Url);
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        if (_exporter is not null) await _exporter.DisposeAsync();
        _http.Dispose();
    }
}
