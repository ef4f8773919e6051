using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Containers;

/// <summary>
/// cAdvisor's container metrics for the containers the node agent runs, read from their cgroups (v2 or v1)
/// on every scrape, labelled <c>container</c>, <c>id</c>, <c>image</c>, <c>namespace</c>, <c>pod</c> (and, as cAdvisor,
/// <c>cpu="total"</c> on the CPU usage counter).
/// The agent hands over its running containers with <see cref="Update"/> whenever they change; each
/// container's cgroup files stay open between scrapes, so a warm scrape allocates nothing.
/// </summary>
/// <example><code>
/// var containers = new ContainerCollector();
/// registry.Register(containers);
/// containers.Update([new RunningContainer(ns, pod, name, image, cgroup.RelativePath, CgroupPaths.FromDirectories(cgroup.Directories), started)]);
/// </code></example>
public sealed class ContainerCollector(TimeProvider? time = null) : IMetricsCollector, IDisposable
{
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly Lock sync = new();
    private Entry[] entries = [];
    private ContainerStats[] stats = [];

    /// <summary>The containers running now, replacing the previous list; cgroup files of containers that stay are kept open.</summary>
    public void Update(IReadOnlyList<RunningContainer> containers)
    {
        ArgumentNullException.ThrowIfNull(containers);
        lock (sync)
        {
            var next = new Entry[containers.Count];
            var kept = new bool[entries.Length];
            for (var i = 0; i < containers.Count; i++)
            {
                var container = containers[i];
                var previous = Array.FindIndex(entries, e => e.Container.Cgroup == container.Cgroup);
                if (previous >= 0 && !kept[previous])
                {
                    kept[previous] = true;
                    next[i] = new Entry(container, entries[previous].Reader);
                }
                else
                {
                    next[i] = new Entry(container, new ContainerCgroupReader(container.Cgroup));
                }
            }
            for (var i = 0; i < entries.Length; i++)
            {
                if (!kept[i])
                {
                    entries[i].Reader.Dispose();
                }
            }
            entries = next;
            stats = new ContainerStats[next.Length];
        }
    }

    public void Collect(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (sync)
        {
            for (var i = 0; i < entries.Length; i++)
            {
                stats[i] = entries[i].Container.BetweenRuns ? default : entries[i].Reader.Read();
            }
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            foreach (var family in ContainerFamily.All)
            {
                Write(family, now, writer);
            }
        }
    }

    public void Dispose()
    {
        lock (sync)
        {
            foreach (var entry in entries)
            {
                entry.Reader.Dispose();
            }
            entries = [];
            stats = [];
        }
    }

    private void Write(ContainerFamily family, double now, MetricsWriter writer)
    {
        var headerWritten = false;
        for (var i = 0; i < entries.Length; i++)
        {
            var container = entries[i].Container;
            if ((container.BetweenRuns && !family.BetweenRuns) || family.Value(container, in stats[i], now) is not { } value)
            {
                continue;
            }
            if (!headerWritten)
            {
                writer.WriteHeader(family.Name, family.Type, family.Help);
                headerWritten = true;
            }
            // The kubelet's cAdvisor endpoint sorts labels by name.
            var sample = writer.BeginSample(family.Name).Label("container", container.Container);
            if (family.CpuTotal)
            {
                sample = sample.Label("cpu", "total");
            }
            sample.Label("id", container.Id)
                .Label("image", container.Image)
                .Label("namespace", container.Namespace)
                .Label("pod", container.Pod)
                .Value(value);
        }
    }

    private readonly record struct Entry(RunningContainer Container, ContainerCgroupReader Reader);
}
