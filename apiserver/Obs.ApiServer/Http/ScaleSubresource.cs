using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Selectors;

namespace Obs.ApiServer.Http;

/// <summary>The <c>/scale</c> view of a Deployment, ReplicaSet, StatefulSet, ReplicationController or custom resource: an <c>autoscaling/v1 Scale</c>.</summary>
public static class ScaleSubresource
{
    public static JsonObject ToScale(ResourceType type, JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject ?? [];
        var scaleMeta = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (meta[field] is { } v) scaleMeta[field] = v.DeepClone();
        }
        JsonObject status;
        long specReplicas;
        if (type.Custom?.Scale is { } custom)
        {
            // A custom resource's figures are wherever its definition's scale paths point.
            specReplicas = Long(custom.SpecReplicas.Evaluate(obj));
            status = new JsonObject { ["replicas"] = Long(custom.StatusReplicas.Evaluate(obj)) };
            if (custom.LabelSelector?.Evaluate(obj) is JsonValue selectorValue && selectorValue.TryGetValue<string>(out var text)) status["selector"] = text;
        }
        else
        {
            specReplicas = obj.LongAt("spec", "replicas") ?? 0;
            status = new JsonObject { ["replicas"] = obj.LongAt("status", "replicas") ?? 0 };
            if (LabelSelector.OfWorkload(type, obj).ToString() is { Length: > 0 } selector) status["selector"] = selector;
        }
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMeta,
            ["spec"] = new JsonObject { ["replicas"] = specReplicas },
            ["status"] = status,
        };
    }

    /// <summary>Sets the object's replicas from a Scale; 422 when the Scale's replicas are missing or negative.</summary>
    public static JsonObject ApplyScale(ResourceType type, JsonObject obj, JsonObject scale)
    {
        var node = scale.At("spec", "replicas");
        long replicas;
        try
        {
            replicas = node?.GetValue<long>() ?? 0;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw ApiErrors.Invalid(type, ObjectMeta.Name(obj) ?? "", [Obs.Api.Errors.FieldError.Invalid("spec.replicas", node?.ToJsonString(), "must be an integer")]);
        }
        if (replicas < 0)
            throw ApiErrors.Invalid(type, ObjectMeta.Name(obj) ?? "", [Obs.Api.Errors.FieldError.Invalid("spec.replicas", replicas, "must be greater than or equal to 0")]);
        if (type.Custom?.Scale is { } custom)
        {
            var fields = custom.SpecReplicasPath.TrimStart('.').Split('.');
            obj.Ensure(fields[..^1])[fields[^1]] = replicas;
        }
        else obj.Ensure("spec")["replicas"] = replicas;
        return obj;
    }

    private static long Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var l) ? l : 0;
}
