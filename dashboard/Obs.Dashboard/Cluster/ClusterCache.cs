using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Client.Rest;

namespace Obs.Dashboard.Cluster;

/// <summary>
/// The dashboard's view of the cluster: one informer per resource it shows, watched with the
/// dashboard's own credentials, so a page renders from memory and never lists per request.
/// Whether a signed-in user may see something is decided apart from this cache.
/// </summary>
public sealed class ClusterCache(ApiClient client)
{
    /// <summary>The resources the dashboard shows.</summary>
    public static readonly IReadOnlyList<ResourceType> Watched =
    [
        ResourceTypes.Namespace, ResourceTypes.Node, ResourceTypes.Pod, ResourceTypes.Service,
        ResourceTypes.EndpointSlice, ResourceTypes.Event, ResourceTypes.Deployment, ResourceTypes.ReplicaSet,
        ResourceTypes.StatefulSet, ResourceTypes.DaemonSet, ResourceTypes.Job, ResourceTypes.CronJob,
        ResourceTypes.Ingress, ResourceTypes.ControllerRevision, ResourceTypes.ReplicationController,
    ];

    private readonly InformerFactory _informers = new(client);

    public ApiClient Client => client;

    public Informer Informer(ResourceType type) => _informers.For(type);

    public Lister Lister(ResourceType type) => _informers.For(type).Lister;

    /// <summary>Starts every watched informer; they run until <paramref name="cancellationToken"/> is cancelled.</summary>
    public void Start(CancellationToken cancellationToken)
    {
        foreach (var type in Watched) _informers.For(type);
        _informers.Start(cancellationToken);
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => _informers.WaitForSyncAsync(cancellationToken);
}
