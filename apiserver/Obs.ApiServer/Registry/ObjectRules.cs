using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.ApiServer.Registry;

/// <summary>
/// The per-resource rules for what a write may set, as Kubernetes' registry strategies apply them:
/// the server owns uid, creationTimestamp, generation and deletion fields; a write to the main
/// resource cannot change status, and a write to <c>/status</c> (or <c>/ephemeralcontainers</c>, for
/// <c>spec.ephemeralContainers</c>) can change nothing else.
/// </summary>
public static class ObjectRules
{
    // Resources whose spec changes bump metadata.generation (the workloads users watch roll out).
    private static readonly HashSet<ResourceType> WithGeneration =
    [
        ResourceTypes.ReplicationController, ResourceTypes.Deployment, ResourceTypes.ReplicaSet, ResourceTypes.StatefulSet, ResourceTypes.DaemonSet,
        ResourceTypes.Job, ResourceTypes.CronJob, ResourceTypes.HorizontalPodAutoscaler, ResourceTypes.PodDisruptionBudget,
        ResourceTypes.Ingress, ResourceTypes.Pod, ResourceTypes.CustomResourceDefinition,
        ResourceTypes.ValidatingAdmissionPolicy, ResourceTypes.ValidatingAdmissionPolicyBinding,
    ];

    /// <summary>Whether spec changes bump metadata.generation: on the workloads, and on every custom resource.</summary>
    public static bool TracksGeneration(ResourceType type) => type.Custom is not null || WithGeneration.Contains(type);

    /// <summary>Server-set fields of a new object; status starts as the resource's initial status.</summary>
    public static void PrepareForCreate(ResourceType type, JsonObject obj, DateTimeOffset now)
    {
        var meta = obj.Ensure("metadata");
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = Timestamps.Format(now);
        meta.Remove("resourceVersion");
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        meta.Remove("selfLink");
        DropEmptyCollections(meta);
        if (TracksGeneration(type)) meta["generation"] = 1;
        else meta.Remove("generation");
        // A custom object with a status subresource starts without one: its controller writes it through /status.
        if (type.Custom is not null) { if (type.Custom.HasStatus) obj.Remove("status"); }
        else if (type.HasSubresource("status") && type != ResourceTypes.Node) obj["status"] = InitialStatus(type);
        if (type == ResourceTypes.CustomResourceDefinition) DefinitionStatus.PrepareForCreate(obj);
        if (type == ResourceTypes.ValidatingAdmissionPolicy) AdmissionPolicyStatus.Observe(obj);
        // A pod created behind scheduling gates says why it waits, as kube-apiserver's pod strategy writes it.
        if (type == ResourceTypes.Pod && obj.At("spec", "schedulingGates") is JsonArray { Count: > 0 })
            PodConditions.Set(obj, "PodScheduled", "False", now, "SchedulingGated", "Scheduling is blocked due to non-empty scheduling gates");
        if (type == ResourceTypes.Job) JobSelector.Generate(obj);
    }

    private static JsonObject InitialStatus(ResourceType type)
    {
        if (type == ResourceTypes.Pod) return new JsonObject { ["phase"] = "Pending" };
        if (type == ResourceTypes.Namespace) return new JsonObject { ["phase"] = "Active" };
        if (type == ResourceTypes.PersistentVolumeClaim || type == ResourceTypes.PersistentVolume) return new JsonObject { ["phase"] = "Pending" };
        if (type == ResourceTypes.Service) return new JsonObject { ["loadBalancer"] = new JsonObject() };
        return [];
    }

    /// <summary>
    /// The object a write stores, from what the client sent and what is stored: the server-owned
    /// metadata is kept, and the status/spec split of <paramref name="subresource"/> applied.
    /// </summary>
    public static JsonObject PrepareForUpdate(ResourceType type, string? subresource, JsonObject proposed, JsonObject old)
    {
        JsonObject result;
        if (subresource == "finalize")
        {
            // The namespace controller's last step: only spec.finalizers changes.
            result = (JsonObject)old.DeepClone();
            result.Ensure("spec")["finalizers"] = proposed.At("spec", "finalizers")?.DeepClone();
            return result;
        }
        if (subresource == "ephemeralcontainers")
        {
            // kubectl debug's write (a pod's only way to gain a container): spec.ephemeralContainers changes, nothing else.
            result = (JsonObject)old.DeepClone();
            var ephemeral = proposed.At("spec", "ephemeralContainers")?.DeepClone();
            if (ephemeral is null) result.Ensure("spec").Remove("ephemeralContainers");
            else result.Ensure("spec")["ephemeralContainers"] = ephemeral;
            return result;
        }
        if (subresource == "status")
        {
            // A status write changes status only: everything else stays as stored.
            result = (JsonObject)old.DeepClone();
            result["status"] = proposed["status"]?.DeepClone();
            return result;
        }
        result = proposed;
        var meta = result.Ensure("metadata");
        var oldMeta = old["metadata"] as JsonObject ?? [];
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name" })
        {
            if (oldMeta[field] is { } value) meta[field] = value.DeepClone();
            else meta.Remove(field);
        }
        meta.Remove("selfLink");
        DropEmptyCollections(meta);
        if (type.HasSubresource("status"))
        {
            if (old["status"] is { } status) result["status"] = status.DeepClone();
            else result.Remove("status");
        }
        // A namespace's finalizers change only through /finalize (the namespace controller's step).
        if (type == ResourceTypes.Namespace)
        {
            if (old["spec"] is { } spec) result["spec"] = spec.DeepClone();
            else result.Remove("spec");
        }
        if (type == ResourceTypes.CustomResourceDefinition) DefinitionStatus.PrepareForUpdate(result);
        return result;
    }

    /// <summary>
    /// Bumps <c>metadata.generation</c> when the spec changed. Called on the object as it will be stored, defaulted and
    /// mutated: a client that sends the same spec without the fields the server defaults (<c>kubectl replace</c> of the
    /// manifest it created from, a server-side apply that drops a defaulted field) changes nothing, as in Kubernetes,
    /// where defaults are applied as the request is decoded. Controllers and operators act on generation changes.
    /// </summary>
    public static void TrackGeneration(ResourceType type, JsonObject updated, JsonObject old)
    {
        if (TracksGeneration(type) && !JsonNode.DeepEquals(SpecPart(updated), SpecPart(old)))
            updated.Ensure("metadata")["generation"] = ObjectMeta.Generation(old) + 1;
        if (type == ResourceTypes.ValidatingAdmissionPolicy) AdmissionPolicyStatus.Observe(updated);
    }

    private static readonly string[] OmittedWhenEmpty = ["labels", "annotations", "finalizers", "ownerReferences"];

    /// <summary>
    /// Kubernetes never returns an empty labels, annotations, finalizers or ownerReferences (Go omits them when empty), and
    /// a diff must not show one: <c>kubectl diff</c> sends <c>annotations: {}</c> for an object applied server-side, and
    /// kept, it read as a change to the object.
    /// </summary>
    private static void DropEmptyCollections(JsonObject meta)
    {
        foreach (var field in OmittedWhenEmpty)
        {
            if (meta[field] is null or JsonObject { Count: 0 } or JsonArray { Count: 0 }) meta.Remove(field);
        }
    }

    /// <summary>Everything but metadata and status: a change here is a spec change.</summary>
    private static JsonObject SpecPart(JsonObject obj)
    {
        var part = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key is "metadata" or "status" or "apiVersion" or "kind") continue;
            part[key] = value?.DeepClone();
        }
        return part;
    }

    /// <summary>
    /// What still holds an object that is being deleted: its finalizers, and for a namespace the
    /// <c>spec.finalizers</c> the namespace controller removes once the namespace is empty.
    /// </summary>
    public static IReadOnlyList<string> PendingFinalizers(ResourceType type, JsonObject obj)
    {
        var finalizers = ObjectMeta.Finalizers(obj);
        if (type != ResourceTypes.Namespace || obj.At("spec", "finalizers") is not JsonArray specFinalizers) return finalizers;
        return [.. finalizers, .. specFinalizers.Select(f => f?.GetValue<string>() ?? "")];
    }

    /// <summary>True when the stored object would not change: Kubernetes then writes nothing and keeps the resourceVersion.</summary>
    public static bool IsNoOp(JsonObject proposed, JsonObject old)
    {
        var a = (JsonObject)proposed.DeepClone();
        var b = (JsonObject)old.DeepClone();
        foreach (var o in new[] { a, b })
        {
            if (o["metadata"] is JsonObject m)
            {
                m.Remove("resourceVersion");
                m.Remove("managedFields");
            }
        }
        return JsonNode.DeepEquals(a, b);
    }
}
