using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Storage;

/// <summary>
/// Binding a claim and a volume, both sides, in the volume binder's order: the volume's claimRef,
/// the volume's phase, the claim's volumeName and annotations, the claim's phase, capacity and
/// access modes. Each step writes only what differs, so a binding interrupted half-way is finished
/// by the next sync.
/// </summary>
public static class ClaimBinding
{
    public static JsonObject Reference(JsonObject claim) => new()
    {
        ["kind"] = "PersistentVolumeClaim",
        ["namespace"] = ObjectMeta.Namespace(claim),
        ["name"] = ObjectMeta.Name(claim),
        ["uid"] = ObjectMeta.Uid(claim),
        ["apiVersion"] = "v1",
        ["resourceVersion"] = ObjectMeta.ResourceVersion(claim),
    };

    public static async Task BindAsync(IObjectControl control, JsonObject claim, JsonObject volume, CancellationToken cancellationToken)
    {
        var volumeName = ObjectMeta.Name(volume)!;
        var claimRef = volume.At("spec", "claimRef") as JsonObject;
        if (claimRef is null || claimRef.StringAt("uid") != ObjectMeta.Uid(claim))
        {
            var patch = new JsonObject { ["spec"] = new JsonObject { ["claimRef"] = Reference(claim) } };
            // A volume the user pre-bound by name keeps that mark; one chosen here says so.
            if (claimRef is null) patch["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [StorageAnnotations.BoundByController] = "yes" } };
            var patched = await control.PatchAsync(ResourceTypes.PersistentVolume, null, volumeName, patch, cancellationToken);
            volume = (JsonObject)volume.DeepClone();
            volume["spec"]!["claimRef"] = Reference(claim);
            if (ObjectMeta.ResourceVersion(patched) is { } rv) volume.Ensure("metadata")["resourceVersion"] = rv;
        }
        if (volume.StringAt("status", "phase") != "Bound") await SetPhaseAsync(control, ResourceTypes.PersistentVolume, volume, "Bound", cancellationToken);

        var chosenHere = claim.StringAt("spec", "volumeName") is not { Length: > 0 };
        var annotations = ObjectMeta.Annotations(claim).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        if (chosenHere || !annotations.ContainsKey(StorageAnnotations.BindCompleted))
        {
            var added = new JsonObject { [StorageAnnotations.BindCompleted] = "yes" };
            if (chosenHere) added[StorageAnnotations.BoundByController] = "yes";
            var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = added } };
            if (chosenHere) patch["spec"] = new JsonObject { ["volumeName"] = volumeName };
            var patched = await control.PatchAsync(ResourceTypes.PersistentVolumeClaim, ObjectMeta.Namespace(claim), ObjectMeta.Name(claim)!, patch, cancellationToken);
            claim = (JsonObject)claim.DeepClone();
            claim["spec"]!["volumeName"] = volumeName;
            foreach (var (key, value) in added) claim.Ensure("metadata", "annotations")[key] = value?.DeepClone();
            if (ObjectMeta.ResourceVersion(patched) is { } rv) claim.Ensure("metadata")["resourceVersion"] = rv;
        }
        var accessModes = volume.At("spec", "accessModes");
        var capacity = volume.At("spec", "capacity");
        if (claim.StringAt("status", "phase") != "Bound" || !JsonNode.DeepEquals(claim.At("status", "accessModes"), accessModes) || !JsonNode.DeepEquals(claim.At("status", "capacity"), capacity))
        {
            var copy = (JsonObject)claim.DeepClone();
            var status = copy.Ensure("status");
            status["phase"] = "Bound";
            status["accessModes"] = accessModes?.DeepClone();
            status["capacity"] = capacity?.DeepClone();
            await control.UpdateStatusAsync(ResourceTypes.PersistentVolumeClaim, copy, cancellationToken);
        }
    }

    /// <summary>Writes <c>status.phase</c> (and nothing else of the status but a reason or message when given).</summary>
    public static Task SetPhaseAsync(IObjectControl control, ResourceType type, JsonObject obj, string phase, CancellationToken cancellationToken, string? reason = null, string? message = null)
    {
        var copy = (JsonObject)obj.DeepClone();
        var status = copy.Ensure("status");
        status["phase"] = phase;
        if (reason is null) status.Remove("reason"); else status["reason"] = reason;
        if (message is null) status.Remove("message"); else status["message"] = message;
        return control.UpdateStatusAsync(type, copy, cancellationToken);
    }
}
