using System.Text.Json.Nodes;
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
        ["workloads"] = [ResourceTypes.Deployment, ResourceTypes.ReplicaSet, ResourceTypes.StatefulSet, ResourceTypes.DaemonSet, ResourceTypes.Job, ResourceTypes.CronJob, ResourceTypes.ControllerRevision],
        ["services"] = [ResourceTypes.Service, ResourceTypes.EndpointSlice, ResourceTypes.Ingress],
        ["events"] = [ResourceTypes.Event],
        ["namespaces"] = [ResourceTypes.Namespace],
        // Not from an informer: alerts live in the on-call receiver, which Alerting.AlertsLiveFeed watches.
        ["alerts"] = [],
    };

    /// <summary>
    /// The topics whose changes say what they are about (<see cref="LiveSubject"/>), so a stream opened with
    /// <c>about=</c> hears only those about its object: an object's page listens to its own events, not the cluster's.
    /// A change of any other topic reaches every stream that asked for the topic.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Func<JsonObject, IReadOnlyList<string>>> Subjects = new Dictionary<string, Func<JsonObject, IReadOnlyList<string>>>(StringComparer.Ordinal)
    {
        ["events"] = LiveSubject.OfEvent,
    };
}
