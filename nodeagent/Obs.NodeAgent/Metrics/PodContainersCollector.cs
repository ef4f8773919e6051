using System.Text.Json.Nodes;
using Obs.Exporter.Containers;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Metrics;

/// <summary>
/// cAdvisor's container families for the pods this agent runs: each scrape hands the container
/// collector the containers running now (with their cgroups), read from the pod workers, so a
/// container that started or stopped since the last scrape is there or gone without the workers
/// having to report it. A container the OOM killer ended keeps its <c>container_oom_events_total</c> between its
/// runs, counted on from the runs before (each run has a cgroup of its own, removed when it ends).
/// </summary>
internal sealed class PodContainersCollector(PodWorkers pods) : IMetricsCollector, IDisposable
{
    private readonly ContainerCollector _containers = new();

    public void Collect(MetricsWriter writer)
    {
        _containers.Update(Running());
        _containers.Collect(writer);
    }

    private List<RunningContainer> Running()
    {
        var running = new List<RunningContainer>();
        foreach (var worker in pods.All)
        {
            foreach (var container in worker.Pod["spec"]?["containers"] as JsonArray ?? [])
            {
                var name = container?["name"]?.GetValue<string>();
                if (name is null || worker.Container(name) is not { Process: { Cgroup: { } cgroup } process, OomKills: var earlierKills }) continue;
                var image = container!["image"]?.GetValue<string>() ?? "";
                if (process.State is ContainerStateRunning state)
                {
                    running.Add(new RunningContainer(worker.Namespace, worker.Name, name, image, cgroup.RelativePath,
                        CgroupPaths.FromDirectories(cgroup.Directories), state.StartedAt) { EarlierOomKills = (ulong)earlierKills });
                }
                else if (earlierKills > 0)
                {
                    // Killed for memory and not running now (backing off, or done): its count stays in sight.
                    running.Add(new RunningContainer(worker.Namespace, worker.Name, name, image, cgroup.RelativePath,
                        CgroupPaths.FromDirectories(cgroup.Directories), default) { EarlierOomKills = (ulong)earlierKills, BetweenRuns = true });
                }
            }
        }
        return running;
    }

    public void Dispose() => _containers.Dispose();
}
