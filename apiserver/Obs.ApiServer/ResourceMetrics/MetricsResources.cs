using Obs.Api.Resources;

namespace Obs.ApiServer.ResourceMetrics;

/// <summary>
/// The resources of <c>metrics.k8s.io/v1beta1</c>, listed in discovery beside the stored ones
/// (kubectl top looks for the group there) but served from memory, read-only.
/// </summary>
public static class MetricsResources
{
    public const string Group = "metrics.k8s.io";
    public const string Version = "v1beta1";
    public const string ApiVersion = Group + "/" + Version;

    public static readonly ResourceType NodeMetrics = new(Group, Version, "NodeMetrics", "nodes", "", false, [], [], []);
    public static readonly ResourceType PodMetrics = new(Group, Version, "PodMetrics", "pods", "", true, [], [], []);

    public static IReadOnlyList<ResourceType> All { get; } = [NodeMetrics, PodMetrics];

    /// <summary>Metrics are read, never written or watched.</summary>
    public static IReadOnlyList<string> Verbs { get; } = ["get", "list"];

    public static bool Contains(ResourceType type) => type.Group == Group;
}
