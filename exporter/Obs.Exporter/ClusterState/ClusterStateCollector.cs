using System.Text.Json;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// kube-state-metrics' families (names, labels, help and types as it writes them) computed on each scrape
/// from the objects the apiserver's watch cache already holds parsed, plus the SLO objectives Services
/// declare. Nothing is listed or parsed per scrape: the source hands over its parsed roots, labels are
/// copied from their UTF-8, and quantity strings are parsed once per distinct value.
/// </summary>
/// <example><code>
/// var registry = new MetricsRegistry();
/// registry.Register(new ClusterStateCollector(watchCacheSource));
/// app.MapGet("/metrics/cluster-state", ...registry.WriteTo(ctx.Response.BodyWriter, accept)...);
/// </code></example>
public sealed class ClusterStateCollector(IClusterStateSource source, TimeProvider? time = null) : IMetricsCollector
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly Lock sync = new();
    private readonly List<JsonElement> objects = new(1024);
    private readonly ResourceQuantities quantities = new();

    public void Collect(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (sync)
        {
            try
            {
                PodMetrics.Write(Read(ClusterStateResources.Pods), quantities, writer);
                DeploymentMetrics.Write(Read(ClusterStateResources.Deployments), writer);
                StatefulSetMetrics.Write(Read(ClusterStateResources.StatefulSets), writer);
                DaemonSetMetrics.Write(Read(ClusterStateResources.DaemonSets), writer);
                ReplicaSetMetrics.Write(Read(ClusterStateResources.ReplicaSets), writer);
                JobMetrics.Write(Read(ClusterStateResources.Jobs), writer);
                CronJobMetrics.Write(Read(ClusterStateResources.CronJobs), writer);
                NodeMetrics.Write(Read(ClusterStateResources.Nodes), quantities, writer);
                NamespaceMetrics.Write(Read(ClusterStateResources.Namespaces), writer);
                ServiceMetrics.Write(Read(ClusterStateResources.Services), writer);
                LeaseMetrics.Write(Read(ClusterStateResources.Leases), clock.GetUtcNow(), writer);
            }
            finally
            {
                // Do not keep 50,000 documents' elements reachable between scrapes.
                objects.Clear();
            }
        }
    }

    private List<JsonElement> Read(string resource)
    {
        objects.Clear();
        source.CopyTo(resource, objects);
        return objects;
    }
}
