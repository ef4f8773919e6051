using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.NodeAgent.Volumes;

/// <summary>
/// The volume Kubernetes' ServiceAccount admission adds to every pod (<c>kube-api-access-*</c>):
/// <c>token</c>, <c>ca.crt</c> and <c>namespace</c>, mounted in each container at
/// <see cref="MountPath"/> unless the pod or its service account turns automounting off.
/// </summary>
public static class ServiceAccountVolume
{
    /// <summary>Its key among the pod's volumes and its directory name; no DNS-label volume name has a colon, so it cannot clash.</summary>
    public const string Name = "obs:kube-api-access";

    public const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Where the agent's process runtime tells a container the files are when it shares the host's file system.</summary>
    public const string DirectoryVariable = "OBS_SERVICEACCOUNT_DIR";

    /// <summary>The pod's <c>automountServiceAccountToken</c> decides; unset, its service account's does; unset on both, it is mounted.</summary>
    public static bool Wanted(JsonObject pod, JsonObject? account) =>
        pod.BoolAt("spec", "automountServiceAccountToken") ?? account?.BoolAt("automountServiceAccountToken") ?? true;

    /// <summary>A container that mounts a volume of its own at the path keeps it, as with the kubelet.</summary>
    public static bool MountedByContainer(JsonObject container) =>
        container["volumeMounts"] is JsonArray mounts &&
        mounts.OfType<JsonObject>().Any(m => m.StringAt("mountPath")?.TrimEnd('/') == MountPath);
}
