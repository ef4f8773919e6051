using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Storage;

/// <summary>
/// The PersistentVolume controller (pkg/controller/volume/persistentvolume) with the local-path
/// provisioner built in. Claims bind to matching volumes; a claim of a WaitForFirstConsumer class
/// waits until a node is chosen for its first pod (the scheduler's selected-node annotation, or the
/// node of a pod created with nodeName); a local-path claim with no matching volume gets one made on
/// that node. A volume whose claim is gone is Released, then deleted (Delete) or kept (Retain).
/// One queue holds both: a claim's key is <c>namespace/name</c>, a volume's (cluster-scoped) key has no slash.
/// </summary>
public sealed class PersistentVolumeController : QueueController
{
    private readonly Lister _claims;
    private readonly Lister _volumes;
    private readonly Lister _classes;
    private readonly Lister _nodes;
    private readonly Lister _pods;
    private readonly IObjectControl _control;

    internal PersistentVolumeController(Lister claims, Lister volumes, Lister classes, Lister nodes, Lister pods, IObjectControl control, ILogger logger)
        : base("persistentvolume", logger)
    {
        _claims = claims;
        _volumes = volumes;
        _classes = classes;
        _nodes = nodes;
        _pods = pods;
        _control = control;
    }

    public static PersistentVolumeController Create(SharedInformers informers, IObjectControl control, ILogger logger)
    {
        var claims = informers.For(ResourceTypes.PersistentVolumeClaim);
        var volumes = informers.For(ResourceTypes.PersistentVolume);
        var classes = informers.For(ResourceTypes.StorageClass);
        var nodes = informers.For(ResourceTypes.Node);
        var pods = informers.For(ResourceTypes.Pod);
        var controller = new PersistentVolumeController(claims.Lister, volumes.Lister, classes.Lister, nodes.Lister, pods.Lister, control, logger);
        controller.WaitFor(claims, volumes, classes, nodes, pods);
        claims.AddHandler(new InformerHandler(
            claim => controller.Enqueue(ObjectKeys.KeyOf(claim)),
            (_, claim) => controller.Enqueue(ObjectKeys.KeyOf(claim)),
            controller.EnqueueVolumesOf));
        volumes.AddHandler(new InformerHandler(
            controller.EnqueueVolumeAndClaim,
            (_, volume) => controller.EnqueueVolumeAndClaim(volume),
            controller.EnqueueVolumeAndClaim));
        // A pod placed on a node (by the scheduler or by nodeName) is the first consumer its claims wait for.
        pods.AddHandler(new InformerHandler(controller.EnqueueClaimsOf, (_, pod) => controller.EnqueueClaimsOf(pod), controller.EnqueueClaimsOf));
        // A node's agent announcing its local-path root lets claims waiting on that node go on.
        nodes.AddHandler(new InformerHandler(onUpdate: (old, node) =>
        {
            if (LocalPathProvisioner.Root(old) is null && LocalPathProvisioner.Root(node) is not null) controller.EnqueuePendingClaims();
        }));
        classes.AddHandler(new InformerHandler(onAdd: _ => controller.EnqueuePendingClaims()));
        return controller;
    }

    private void EnqueueVolumeAndClaim(JsonObject volume)
    {
        Enqueue(ObjectMeta.Name(volume)!);
        if (volume.At("spec", "claimRef") is JsonObject claimRef && claimRef.StringAt("name") is { Length: > 0 } name)
            Enqueue(ObjectKeys.Key(claimRef.StringAt("namespace") ?? "", name));
        // Only Available volumes are matched (as in Kubernetes); one that just became so may be what a waiting claim needs.
        else if (volume.StringAt("status", "phase") == "Available" && ObjectMeta.DeletionTimestamp(volume) is null) EnqueuePendingClaims();
    }

    private void EnqueueVolumesOf(JsonObject claim)
    {
        foreach (var volume in _volumes.List())
        {
            if (volume.At("spec", "claimRef") is JsonObject claimRef && VolumeMatcher.IsFor(claimRef, claim)) Enqueue(ObjectMeta.Name(volume)!);
        }
    }

    private void EnqueueClaimsOf(JsonObject pod)
    {
        // Every pod counts: one placed may be a claim's first consumer, one finished or gone may free a claim being deleted.
        if (pod.At("spec", "volumes") is not JsonArray list) return;
        foreach (var volume in list)
        {
            if (volume.StringAt("persistentVolumeClaim", "claimName") is { Length: > 0 } claim) Enqueue(ObjectKeys.Key(ObjectMeta.Namespace(pod), claim));
        }
    }

    private void EnqueuePendingClaims()
    {
        foreach (var claim in _claims.List())
        {
            if (claim.StringAt("spec", "volumeName") is not { Length: > 0 }) Enqueue(ObjectKeys.KeyOf(claim));
        }
    }

    public override Task SyncAsync(string key, CancellationToken cancellationToken) =>
        key.Contains('/') ? SyncClaimAsync(key, cancellationToken) : SyncVolumeAsync(key, cancellationToken);

    private async Task SyncClaimAsync(string key, CancellationToken cancellationToken)
    {
        var claim = _claims.Get(key);
        if (claim is null) return;
        if (await ClaimProtection.SyncAsync(_control, claim, InUse(claim), cancellationToken) || ObjectMeta.DeletionTimestamp(claim) is not null) return;
        if (claim.StringAt("spec", "volumeName") is { Length: > 0 } volumeName)
        {
            await SyncBoundClaimAsync(claim, volumeName, cancellationToken);
            return;
        }
        var className = VolumeMatcher.ClassOf(claim);
        var storageClass = className.Length > 0 ? _classes.Get(null, className) : null;
        var delayed = storageClass?.StringAt("volumeBindingMode") == "WaitForFirstConsumer";
        var nodeName = SelectedNode(claim) ?? (delayed ? ConsumerNode(claim) : null);
        if (delayed && nodeName is null)
        {
            await EnsurePendingAsync(claim, cancellationToken);
            return;
        }
        var node = nodeName is null ? null : _nodes.Get(null, nodeName);
        if (VolumeMatcher.Find(claim, _volumes.List(), node) is { } match)
        {
            await ClaimBinding.BindAsync(_control, claim, match, cancellationToken);
            return;
        }
        if (storageClass?.StringAt("provisioner") != StorageAnnotations.LocalPathProvisioner)
        {
            await EnsurePendingAsync(claim, cancellationToken);
            return;
        }
        // Immediate binding: no pod has chosen a node, so the volume goes on the first node that can hold one.
        node ??= _nodes.List().Where(n => LocalPathProvisioner.Root(n) is not null).OrderBy(n => ObjectMeta.Name(n), StringComparer.Ordinal).FirstOrDefault();
        if (node is null || LocalPathProvisioner.Root(node) is not { } root)
        {
            await EnsurePendingAsync(claim, cancellationToken);
            // Retried with backoff: the node's agent may not have announced its root yet.
            throw new InvalidOperationException($"no local-path root on node \"{nodeName ?? "(any)"}\" for claim {key}");
        }
        var volume = LocalPathProvisioner.Build(claim, storageClass, node, root);
        try
        {
            volume = await _control.CreateAsync(ResourceTypes.PersistentVolume, volume, cancellationToken);
        }
        catch (ApiException e) when (e.IsAlreadyExists)
        {
            // Made by an earlier sync whose binding did not finish: the volume informer brings it back here.
            return;
        }
        await ClaimBinding.BindAsync(_control, claim, volume, cancellationToken);
    }

    private async Task SyncBoundClaimAsync(JsonObject claim, string volumeName, CancellationToken cancellationToken)
    {
        var volume = _volumes.Get(null, volumeName);
        var wasBound = ObjectMeta.Annotations(claim).Any(a => a.Key == StorageAnnotations.BindCompleted);
        var claimRef = volume?.At("spec", "claimRef") as JsonObject;
        if (volume is not null && (claimRef is null || VolumeMatcher.IsFor(claimRef, claim)))
        {
            await ClaimBinding.BindAsync(_control, claim, volume, cancellationToken);
            return;
        }
        // The volume is gone or went to another claim: a claim that had it has lost its data.
        var phase = wasBound ? "Lost" : "Pending";
        if (claim.StringAt("status", "phase") != phase) await ClaimBinding.SetPhaseAsync(_control, ResourceTypes.PersistentVolumeClaim, claim, phase, cancellationToken);
    }

    private async Task SyncVolumeAsync(string name, CancellationToken cancellationToken)
    {
        var volume = _volumes.Get(null, name);
        if (volume is null || ObjectMeta.DeletionTimestamp(volume) is not null) return;
        if (volume.At("spec", "claimRef") is not JsonObject claimRef || claimRef.StringAt("name") is not { Length: > 0 } claimName)
        {
            if (volume.StringAt("status", "phase") != "Available") await ClaimBinding.SetPhaseAsync(_control, ResourceTypes.PersistentVolume, volume, "Available", cancellationToken);
            return;
        }
        var claim = _claims.Get(claimRef.StringAt("namespace"), claimName);
        if (claimRef.StringAt("uid") is not { Length: > 0 } uid)
        {
            // Pre-bound by name to a claim that may not exist yet: it stays Available for that claim alone.
            if (volume.StringAt("status", "phase") != "Available") await ClaimBinding.SetPhaseAsync(_control, ResourceTypes.PersistentVolume, volume, "Available", cancellationToken);
            return;
        }
        if (claim is not null && ObjectMeta.Uid(claim) == uid)
        {
            var claimVolume = claim.StringAt("spec", "volumeName") ?? "";
            if (claimVolume == name || claimVolume.Length == 0) return; // bound, or the claim's sync finishes the binding
        }
        await ReclaimAsync(volume, cancellationToken);
    }

    /// <summary>The claim is gone: Released, then the reclaim policy decides.</summary>
    private async Task ReclaimAsync(JsonObject volume, CancellationToken cancellationToken)
    {
        var name = ObjectMeta.Name(volume)!;
        var policy = volume.StringAt("spec", "persistentVolumeReclaimPolicy") ?? "Retain";
        if (policy == "Recycle")
        {
            if (volume.StringAt("status", "phase") != "Failed")
                await ClaimBinding.SetPhaseAsync(_control, ResourceTypes.PersistentVolume, volume, "Failed", cancellationToken, "VolumeFailedRecycle", "the Recycle reclaim policy is not supported");
            return;
        }
        if (volume.StringAt("status", "phase") != "Released")
            await ClaimBinding.SetPhaseAsync(_control, ResourceTypes.PersistentVolume, volume, "Released", cancellationToken);
        // A provisioned local volume's directory goes with it: its node's agent holds the finalizer until it has removed it.
        if (policy == "Delete") await _control.DeleteAsync(ResourceTypes.PersistentVolume, null, name, ObjectMeta.Uid(volume), null, cancellationToken);
    }

    private static string? SelectedNode(JsonObject claim) =>
        ObjectMeta.Annotations(claim).FirstOrDefault(a => a.Key == StorageAnnotations.SelectedNode).Value is { Length: > 0 } node ? node : null;

    /// <summary>Whether a pod that has not finished names the claim: a claim in use is not deleted under it.</summary>
    private bool InUse(JsonObject claim)
    {
        var name = ObjectMeta.Name(claim);
        return _pods.List(ObjectMeta.Namespace(claim))
            .Where(p => p.StringAt("status", "phase") is not ("Succeeded" or "Failed"))
            .Any(p => (p.At("spec", "volumes") as JsonArray ?? []).Any(v => v.StringAt("persistentVolumeClaim", "claimName") == name));
    }

    /// <summary>The node of a pod using the claim that was placed without the scheduler (spec.nodeName in its manifest).</summary>
    private string? ConsumerNode(JsonObject claim)
    {
        var name = ObjectMeta.Name(claim);
        return _pods.List(ObjectMeta.Namespace(claim))
            .Where(p => ObjectMeta.DeletionTimestamp(p) is null && p.StringAt("spec", "nodeName") is { Length: > 0 })
            .Where(p => (p.At("spec", "volumes") as JsonArray ?? []).Any(v => v.StringAt("persistentVolumeClaim", "claimName") == name))
            .Select(p => p.StringAt("spec", "nodeName"))
            .FirstOrDefault();
    }

    private async Task EnsurePendingAsync(JsonObject claim, CancellationToken cancellationToken)
    {
        if (claim.StringAt("status", "phase") != "Pending") await ClaimBinding.SetPhaseAsync(_control, ResourceTypes.PersistentVolumeClaim, claim, "Pending", cancellationToken);
    }
}
