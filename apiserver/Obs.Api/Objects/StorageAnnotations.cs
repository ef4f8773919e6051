namespace Obs.Api.Objects;

/// <summary>
/// The annotations and names Kubernetes' volume binder, scheduler and provisioners write, and Obs'
/// local-path ones, shared by the volume controller, the scheduler, the apiserver and the node agent.
/// </summary>
public static class StorageAnnotations
{
    public const string BindCompleted = "pv.kubernetes.io/bind-completed";
    public const string BoundByController = "pv.kubernetes.io/bound-by-controller";
    public const string ProvisionedBy = "pv.kubernetes.io/provisioned-by";
    public const string SelectedNode = "volume.kubernetes.io/selected-node";
    public const string StorageProvisioner = "volume.kubernetes.io/storage-provisioner";
    public const string BetaStorageClass = "volume.beta.kubernetes.io/storage-class";

    /// <summary>The provisioner of the default <c>local-path</c> class: a directory on one node.</summary>
    public const string LocalPathProvisioner = "obs.dev/local-path";

    /// <summary>On a Node: the directory under which its agent keeps local volumes (<c>{state}/volumes</c>).</summary>
    public const string LocalPathRoot = "obs.dev/local-path-root";

    /// <summary>On a provisioned local volume: the node agent removes the directory, then this finalizer.</summary>
    public const string LocalPathCleanupFinalizer = "obs.dev/local-path-cleanup";

    public const string HostnameLabel = "kubernetes.io/hostname";
}
