using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Storage;

/// <summary>
/// The volume the <c>local-path</c> provisioner makes for a claim: <c>pvc-{claim uid}</c>, a
/// directory under the chosen node's local-path root (its agent creates it when a pod first mounts
/// it), reachable only from that node, and pre-bound to the claim. The cleanup finalizer keeps the
/// object until that node's agent has removed the directory.
/// </summary>
public static class LocalPathProvisioner
{
    public static string VolumeName(JsonObject claim) => "pvc-" + ObjectMeta.Uid(claim);

    /// <summary>The node's local-path root, or null when its agent has not said one (a hollow node, an old agent).</summary>
    public static string? Root(JsonObject node) =>
        ObjectMeta.Annotations(node).FirstOrDefault(a => a.Key == StorageAnnotations.LocalPathRoot).Value is { Length: > 0 } root && root.StartsWith('/') ? root : null;

    public static JsonObject Build(JsonObject claim, JsonObject storageClass, JsonObject node, string root)
    {
        var name = VolumeName(claim);
        var nodeName = ObjectMeta.Name(node) ?? "";
        var hostname = ObjectMeta.Label(node, StorageAnnotations.HostnameLabel) ?? nodeName;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolume",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["annotations"] = new JsonObject { [StorageAnnotations.ProvisionedBy] = StorageAnnotations.LocalPathProvisioner },
                ["finalizers"] = new JsonArray(StorageAnnotations.LocalPathCleanupFinalizer),
            },
            ["spec"] = new JsonObject
            {
                ["capacity"] = new JsonObject { ["storage"] = claim.At("spec", "resources", "requests", "storage")?.DeepClone() },
                ["accessModes"] = claim.At("spec", "accessModes")?.DeepClone(),
                ["persistentVolumeReclaimPolicy"] = storageClass.StringAt("reclaimPolicy") ?? "Delete",
                ["storageClassName"] = ObjectMeta.Name(storageClass),
                ["volumeMode"] = claim.StringAt("spec", "volumeMode") ?? "Filesystem",
                ["local"] = new JsonObject { ["path"] = root.TrimEnd('/') + "/" + name },
                ["nodeAffinity"] = new JsonObject
                {
                    ["required"] = new JsonObject
                    {
                        ["nodeSelectorTerms"] = new JsonArray(new JsonObject
                        {
                            ["matchExpressions"] = new JsonArray(new JsonObject
                            {
                                ["key"] = StorageAnnotations.HostnameLabel,
                                ["operator"] = "In",
                                ["values"] = new JsonArray(hostname),
                            }),
                        }),
                    },
                },
                ["claimRef"] = ClaimBinding.Reference(claim),
            },
        };
    }
}
