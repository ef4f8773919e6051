using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard.Pages.Nodes;

/// <summary>
/// The node list's USE figures: six instant queries grouped by node, shared by every browser and kept for
/// <see cref="MaxAge"/> (Prometheus' scrape interval), so a node list re-fetched on every nodes or pods notice,
/// in any number of browsers, asks Prometheus at most once per interval.
/// </summary>
public sealed class NodeUsageSource(PrometheusClient prometheus, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    // Utilisation and saturation of CPU and memory as the node charts draw them; the root filesystems' fill; the network's errors.
    private const string RealFilesystems = "fstype!~\"tmpfs|overlay|squashfs|ramfs\"";

    public static readonly IReadOnlyList<string> Queries =
    [
        "1 - avg by (node) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m]))",
        "sum by (node) (node_load1) / count by (node) (node_cpu_seconds_total{mode=\"idle\"})",
        "1 - sum by (node) (node_memory_MemAvailable_bytes) / sum by (node) (node_memory_MemTotal_bytes)",
        "sum by (node) (rate(node_vmstat_pgmajfault[5m]))",
        $"1 - sum by (node) (node_filesystem_avail_bytes{{{RealFilesystems}}}) / sum by (node) (node_filesystem_size_bytes{{{RealFilesystems}}})",
        "sum by (node) (rate(node_network_receive_errs_total[5m]) + rate(node_network_transmit_errs_total[5m]))",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, NodeUsageSnapshot Snapshot)? _last;

    public async Task<NodeUsageSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && time.GetUtcNow() - last.At < MaxAge) return last.Snapshot;
            var snapshot = await LoadAsync(cancellationToken);
            _last = (time.GetUtcNow(), snapshot);
            return snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Prometheus being away is a snapshot that says so (kept like any other, so a dead Prometheus is not asked per render).</summary>
    private async Task<NodeUsageSnapshot> LoadAsync(CancellationToken cancellationToken)
    {
        if (!prometheus.IsConfigured) return new NodeUsageSnapshot(new Dictionary<string, NodeUsage>(), "Prometheus is not configured.");
        try
        {
            var results = await Task.WhenAll(Queries.Select(q => prometheus.QueryAsync(q, cancellationToken)));
            var values = results.Select(samples => samples
                    .Where(s => s.Label("node").Length > 0 && double.IsFinite(s.Value))
                    .GroupBy(s => s.Label("node"))
                    .ToDictionary(g => g.Key, g => g.First().Value))
                .ToList();
            double? Of(int query, string node) => values[query].TryGetValue(node, out var v) ? v : null;
            var byNode = values.SelectMany(v => v.Keys).Distinct().ToDictionary(node => node,
                node => new NodeUsage(Of(0, node), Of(1, node), Of(2, node), Of(3, node), Of(4, node), Of(5, node)));
            return new NodeUsageSnapshot(byNode, null);
        }
        catch (PrometheusException e)
        {
            return new NodeUsageSnapshot(new Dictionary<string, NodeUsage>(), e.Message);
        }
    }
}
