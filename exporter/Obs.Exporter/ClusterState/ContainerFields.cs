namespace Obs.Exporter.ClusterState;

/// <summary>
/// One kind of container of a pod: where the pod lists it (its field under <c>spec</c> and under <c>status</c>)
/// and how kube-state-metrics names and describes its families (the help texts follow <paramref name="Noun"/>
/// except where kube-state-metrics words them otherwise).
/// </summary>
internal sealed record ContainerFields(byte[] Spec, byte[] Statuses, string Prefix, string Noun,
    string RestartsHelp, string RequestsHelp, string LimitsHelp, bool HasStartTime)
{
    public static ContainerFields App { get; } = new("containers"u8.ToArray(), "containerStatuses"u8.ToArray(),
        "kube_pod_container", "container",
        "The number of container restarts per container.",
        "The number of requested request resource by a container. It is recommended to use the kube_pod_resource_requests metric exposed by kube-scheduler instead, as it is more precise.",
        "The number of requested limit resource by a container. It is recommended to use the kube_pod_resource_limits metric exposed by kube-scheduler instead, as it is more precise.",
        HasStartTime: true);

    public static ContainerFields Init { get; } = new("initContainers"u8.ToArray(), "initContainerStatuses"u8.ToArray(),
        "kube_pod_init_container", "init container",
        "The number of restarts for the init container.",
        "The number of requested request resource by an init container.",
        "The number of requested limit resource by an init container.",
        HasStartTime: false);
}
