using System.Text.Json.Nodes;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Metrics;

/// <summary>
/// The kubelet's <c>/metrics/resource</c>: the few series metrics-server scrapes to serve
/// <c>metrics.k8s.io</c> (and <c>kubectl top</c>): node and container CPU as cumulative seconds,
/// memory working sets in bytes, and container start times so a reader can tell a restarted
/// container's counter from a reset. Rates are left to the reader, which knows its scrape times.
/// </summary>
internal sealed class ResourceMetricsCollector(PodWorkers pods, string procRoot) : IMetricsCollector
{
    public const string Path = "/metrics/resource";

    public void Collect(MetricsWriter writer)
    {
        if (ResourceUsage.ReadText(System.IO.Path.Combine(procRoot, "stat")) is { } stat && ResourceUsage.NodeCpuSeconds(stat) is { } nodeCpu)
        {
            writer.WriteHeader("node_cpu_usage_seconds_total", MetricFamilyType.Counter, "Cumulative cpu time consumed by the node in core-seconds");
            writer.WriteSample("node_cpu_usage_seconds_total", nodeCpu);
        }
        if (ResourceUsage.ReadText(System.IO.Path.Combine(procRoot, "meminfo")) is { } meminfo && ResourceUsage.NodeMemoryBytes(meminfo) is { } nodeMemory)
        {
            writer.WriteHeader("node_memory_working_set_bytes", MetricFamilyType.Gauge, "Current working set of the node in bytes");
            writer.WriteSample("node_memory_working_set_bytes", nodeMemory);
        }
        var containers = Running();
        writer.WriteHeader("container_cpu_usage_seconds_total", MetricFamilyType.Counter, "Cumulative cpu time consumed by the container in core-seconds");
        foreach (var c in containers)
        {
            if (c.Cpu is { } cpu) writer.WriteSample("container_cpu_usage_seconds_total", c.Labels, cpu);
        }
        writer.WriteHeader("container_memory_working_set_bytes", MetricFamilyType.Gauge, "Current working set of the container in bytes");
        foreach (var c in containers) writer.WriteSample("container_memory_working_set_bytes", c.Labels, c.Memory);
        writer.WriteHeader("container_start_time_seconds", MetricFamilyType.Gauge, "Start time of the container since unix epoch in seconds");
        foreach (var c in containers) writer.WriteSample("container_start_time_seconds", c.Labels, c.Started.ToUnixTimeMilliseconds() / 1000.0);
    }

    private sealed record Sample(Label[] Labels, double? Cpu, long Memory, DateTimeOffset Started);

    private List<Sample> Running()
    {
        var samples = new List<Sample>();
        foreach (var worker in pods.All)
        {
            foreach (var container in worker.Pod["spec"]?["containers"] as JsonArray ?? [])
            {
                var name = container?["name"]?.GetValue<string>();
                if (name is null || worker.Container(name) is not { Process: { State: ContainerStateRunning state } process }) continue;
                Label[] labels = [new("container", name), new("namespace", worker.Namespace), new("pod", worker.Name)];
                samples.Add(new Sample(labels, ResourceUsage.ContainerCpuSeconds(process, procRoot), ResourceUsage.ContainerMemoryBytes(process), state.StartedAt));
            }
        }
        return samples;
    }
}
