using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Storage;

/// <summary>
/// Kubernetes' PVC protection: a claim carries the <c>kubernetes.io/pvc-protection</c> finalizer, so
/// deleting it while a pod still uses it leaves it Terminating until that pod has finished or gone;
/// only then does its volume get released (and a local-path directory removed under no running process).
/// </summary>
public static class ClaimProtection
{
    public const string Finalizer = "kubernetes.io/pvc-protection";

    /// <summary>Adds or lifts the finalizer; true when it wrote (the claim's next sync sees the result).</summary>
    public static async Task<bool> SyncAsync(IObjectControl control, JsonObject claim, bool inUse, CancellationToken cancellationToken)
    {
        var finalizers = ObjectMeta.Finalizers(claim);
        var deleting = ObjectMeta.DeletionTimestamp(claim) is not null;
        List<string> wanted;
        if (!deleting && !finalizers.Contains(Finalizer)) wanted = [.. finalizers, Finalizer];
        else if (deleting && !inUse && finalizers.Contains(Finalizer)) wanted = [.. finalizers.Where(f => f != Finalizer)];
        else return false;
        // A merge patch replaces the list whole; the resourceVersion makes it fail rather than drop another's finalizer.
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = new JsonArray(wanted.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
                ["resourceVersion"] = ObjectMeta.ResourceVersion(claim),
            },
        };
        await control.PatchAsync(ResourceTypes.PersistentVolumeClaim, ObjectMeta.Namespace(claim), ObjectMeta.Name(claim)!, patch, cancellationToken);
        return true;
    }
}
