namespace Obs.Dashboard.Pages.Nodes;

/// <summary>
/// One node's USE at a glance, from Prometheus' latest samples (node_exporter's metrics, labelled with
/// the node by the agents' scrape targets): null where the node has no such series (yet).
/// </summary>
public sealed record NodeUsage(
    double? CpuUtilisation,
    double? CpuSaturation,
    double? MemoryUtilisation,
    double? MemorySaturation,
    double? DiskUtilisation,
    double? NetworkErrors);
