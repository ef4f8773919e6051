using System.IO.Pipelines;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// kube-state-metrics' families (names, labels, help and types as it writes them) computed from the
/// objects the apiserver's watch cache already holds parsed, plus the SLO objectives Services declare.
/// Each object's lines are rendered once per version of the object and kept (<see cref="RenderedKind"/>),
/// so a scrape parses and renders only what changed since the previous one and otherwise copies bytes; Leases,
/// whose value depends on the time of the scrape, keep their line up to the value (<see cref="LeaseMetrics"/>).
/// <see cref="WriteAsync"/> streams the exposition to a pipe,
/// flushing as it goes, so a scrape of 50,000 pods is never held whole in memory.
/// </summary>
/// <example><code>
/// var collector = new ClusterStateCollector(watchCacheSource);
/// app.MapGet("/metrics/cluster-state", ctx => collector.WriteAsync(ctx.Response.BodyWriter, format, ctx.RequestAborted));
/// </code></example>
public sealed class ClusterStateCollector : IMetricsCollector
{
    // Objects written between flushes of a streamed scrape: for pods, some 100–700 KB of one family.
    private const int ObjectsPerChunk = 1024;

    private static readonly ObjectKind[] Kinds =
    [
        PodMetrics.Kind, DeploymentMetrics.Kind, StatefulSetMetrics.Kind, DaemonSetMetrics.Kind, ReplicaSetMetrics.Kind,
        JobMetrics.Kind, CronJobMetrics.Kind, NodeMetrics.Kind, NamespaceMetrics.Kind, ServiceMetrics.Kind,
        ReplicationControllerMetrics.Kind, LimitRangeMetrics.Kind, NetworkPolicyMetrics.Kind, ResourceQuotaMetrics.Kind,
    ];

    private readonly IClusterStateSource source;
    private readonly TimeProvider clock;
    // One scrape at a time: the rendered lines and the cursors over them are the scrape's.
    private readonly SemaphoreSlim gate = new(1, 1);
    // Every kind's lines as OpenMetrics writes them, which the text format derives; and, for a kind whose labels
    // the formats write differently, its lines as the text format writes them (null for the others).
    private readonly RenderedKind[] rendered;
    private readonly RenderedKind?[] renderedAsText;
    private readonly LeaseMetrics leases = new();
    private readonly List<ClusterObject> objects = new(1024);

    public ClusterStateCollector(IClusterStateSource source, TimeProvider? time = null)
    {
        this.source = source;
        clock = time ?? TimeProvider.System;
        var openMetricsLines = new ObjectLines(ExpositionFormat.OpenMetrics);
        var textLines = new ObjectLines(ExpositionFormat.PrometheusText);
        rendered = Array.ConvertAll(Kinds, kind => new RenderedKind(kind, openMetricsLines));
        renderedAsText = Array.ConvertAll(Kinds, kind => kind.LabelsDependOnFormat ? new RenderedKind(kind, textLines) : null);
    }

    public void Collect(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        gate.Wait();
        try
        {
            foreach (var _ in Write(writer))
            {
            }
        }
        finally
        {
            objects.Clear();
            gate.Release();
        }
    }

    /// <summary>
    /// Writes a whole exposition (with OpenMetrics' <c># EOF</c>) to <paramref name="output"/>, flushing every
    /// thousand objects or so: the pipe's back-pressure, not a buffer of the whole scrape, paces the writing.
    /// A failure half way leaves the response cut short, which the scraper reports as a failed scrape.
    /// </summary>
    public async Task WriteAsync(PipeWriter output, ExpositionFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var writer = new MetricsWriter(output, format);
            foreach (var _ in Write(writer))
            {
                if ((await output.FlushAsync(cancellationToken)).IsCompleted)
                {
                    return; // the client went away
                }
            }
            writer.WriteEnd();
            await output.FlushAsync(cancellationToken);
        }
        finally
        {
            objects.Clear();
            gate.Release();
        }
    }

    /// <summary>Writes every family, pausing (yielding) between chunks of objects so a caller can flush.</summary>
    private IEnumerable<int> Write(MetricsWriter writer)
    {
        var openMetrics = writer.Format == ExpositionFormat.OpenMetrics;
        for (var k = 0; k < rendered.Length; k++)
        {
            var kind = openMetrics ? rendered[k] : renderedAsText[k] ?? rendered[k];
            kind.Refresh(Read(kind.Kind.Resource));
            // Do not keep 50,000 documents' elements reachable between scrapes.
            objects.Clear();
            foreach (var family in kind.Kind.Families)
            {
                writer.WriteHeader(family.Name, family.Type, family.Help);
                for (var from = 0; from < kind.Count; from += ObjectsPerChunk)
                {
                    kind.WriteFamily(family, from, Math.Min(from + ObjectsPerChunk, kind.Count), writer.Output, openMetrics);
                    yield return from;
                }
            }
        }
        leases.Write(Read(ClusterStateResources.Leases), clock.GetUtcNow(), writer);
        objects.Clear();
    }

    private List<ClusterObject> Read(string resource)
    {
        objects.Clear();
        source.CopyTo(resource, objects);
        return objects;
    }
}
