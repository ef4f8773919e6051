namespace Obs.Exporter.ClusterState;

/// <summary>Where a pod lists one kind of container: its field under <c>spec</c> and its field under <c>status</c>.</summary>
internal sealed record ContainerFields(byte[] Spec, byte[] Statuses)
{
    public static ContainerFields App { get; } = new("containers"u8.ToArray(), "containerStatuses"u8.ToArray());

    public static ContainerFields Init { get; } = new("initContainers"u8.ToArray(), "initContainerStatuses"u8.ToArray());
}
