namespace Obs.ApiServer.ResourceMetrics;

/// <summary>
/// CPU usage as metrics-server computes it: the growth of the cumulative counter between two
/// scrapes divided by the time between them. A container that restarted (another start time) or
/// whose counter went back has no rate this round; memory is the latest reading.
/// </summary>
public static class UsageRates
{
    public static NodeUsage? Between(string node, ResourceScrape previous, ResourceScrape current)
    {
        var window = current.At - previous.At;
        if (window <= TimeSpan.Zero) return null;
        var before = previous.Containers.ToDictionary(c => (c.Namespace, c.Pod, c.Container));
        var pods = new List<PodUsage>();
        foreach (var pod in current.Containers.GroupBy(c => (c.Namespace, c.Pod)))
        {
            var containers = new List<ContainerUsage>();
            foreach (var sample in pod)
            {
                if (!before.TryGetValue((sample.Namespace, sample.Pod, sample.Container), out var old)) continue;
                if (Rate(old.CpuSeconds, sample.CpuSeconds, window) is not { } cpu || sample.MemoryBytes is not { } memory) continue;
                if (old.StartTime is { } s1 && sample.StartTime is { } s2 && Math.Abs(s1 - s2) > 0.5) continue;
                containers.Add(new ContainerUsage(sample.Container, cpu, (long)memory));
            }
            // metrics-server leaves out a pod with any container unmeasured: partial sums would mislead an autoscaler.
            if (containers.Count > 0 && containers.Count == pod.Count())
                pods.Add(new PodUsage(pod.Key.Namespace, pod.Key.Pod, current.At, window, containers));
        }
        var nodeCpu = Rate(previous.NodeCpuSeconds, current.NodeCpuSeconds, window);
        return new NodeUsage(node, current.At, window, nodeCpu, current.NodeMemoryBytes is { } m ? (long)m : null, pods);
    }

    private static long? Rate(double? before, double? after, TimeSpan window) =>
        before is { } b && after is { } a && a >= b ? (long)Math.Round((a - b) / window.TotalSeconds * 1e9) : null;
}
