namespace Obs.NodeAgent.Metrics;

/// <summary>
/// The <c>stage</c> values of <c>obs_agent_pod_start_stage_seconds</c>: the milestones of a pod's
/// first start, in the order they are usually passed (the sandbox and the volumes are made at the
/// same time), each measured from when the agent first saw the pod bound to its node.
/// </summary>
internal static class PodStartStages
{
    /// <summary>The pod's worker began its first sync (the informer's hand-over and the worker's queue).</summary>
    public const string SyncStarted = "sync_started";

    /// <summary>The pod's namespaces and resolv.conf exist.</summary>
    public const string SandboxCreated = "sandbox_created";

    /// <summary>Its volumes' files are written (API reads, the service account token).</summary>
    public const string VolumesPrepared = "volumes_prepared";

    /// <summary>All its app containers run (what <c>kubelet_pod_start_duration_seconds</c> measures).</summary>
    public const string ContainersStarted = "containers_started";

    /// <summary>The status saying Running is stored by the apiserver: from here a watch sees it.</summary>
    public const string StatusRunningWritten = "status_running_written";
}
