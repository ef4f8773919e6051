using Obs.Api.Resources;

namespace Obs.Dashboard.Live;

/// <summary>
/// What a page can listen to over /live, and which watched resources feed each topic: a page
/// names the topics its parts depend on (the overview: nodes, pods, workloads).
/// </summary>
public static class LiveTopics
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ResourceType>> Sources = new Dictionary<string, IReadOnlyList<ResourceType>>(StringComparer.Ordinal)
    {
        ["nodes"] = [ResourceTypes.Node],
        ["pods"] = [ResourceTypes.Pod],
        ["workloads"] = [ResourceTypes.Deployment, ResourceTypes.ReplicaSet, ResourceTypes.StatefulSet, ResourceTypes.DaemonSet, ResourceTypes.Job, ResourceTypes.CronJob, ResourceTypes.ControllerRevision, ResourceTypes.ReplicationController],
        ["services"] = [ResourceTypes.Service, ResourceTypes.EndpointSlice, ResourceTypes.Ingress],
        ["events"] = [ResourceTypes.Event],
        ["namespaces"] = [ResourceTypes.Namespace],
        // Not from an informer: alerts live in the on-call receiver, which Alerting.AlertsLiveFeed watches.
        ["alerts"] = [],
    };

    /// <summary>
    /// For the topics fed by no informer, the non-resource path a user must be allowed to read (get) to hear them: the
    /// alerts come from the on-call receiver, which RBAC guards as a path.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ReadPaths = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["alerts"] = "/alerting/v1/alerts",
    };
}
