using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.ApiServer.Http;

/// <summary>The <c>/scale</c> view of a Deployment, ReplicaSet or StatefulSet: an <c>autoscaling/v1 Scale</c>.</summary>
public static class ScaleSubresource
{
    public static JsonObject ToScale(JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject ?? [];
        var scaleMeta = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (meta[field] is { } v) scaleMeta[field] = v.DeepClone();
        }
        var status = new JsonObject { ["replicas"] = obj.LongAt("status", "replicas") ?? 0 };
        if (SelectorText(obj.At("spec", "selector")) is { Length: > 0 } selector) status["selector"] = selector;
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMeta,
            ["spec"] = new JsonObject { ["replicas"] = obj.LongAt("spec", "replicas") ?? 0 },
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
        obj.Ensure("spec")["replicas"] = replicas;
        return obj;
    }

    /// <summary>A JSON LabelSelector as the string form <c>app=web,tier in (a,b)</c>.</summary>
    private static string SelectorText(JsonNode? selector)
    {
        if (selector is not JsonObject s) return "";
        var parts = new List<string>();
        foreach (var (k, v) in s["matchLabels"].StringMap().OrderBy(p => p.Key, StringComparer.Ordinal)) parts.Add($"{k}={v}");
        if (s["matchExpressions"] is JsonArray exprs)
        {
            foreach (var e in exprs)
            {
                var key = e.StringAt("key");
                var values = e?["values"] is JsonArray a ? string.Join(",", a.Select(x => x?.GetValue<string>()).Order(StringComparer.Ordinal)) : "";
                parts.Add(e.StringAt("operator") switch
                {
                    "In" => $"{key} in ({values})",
                    "NotIn" => $"{key} notin ({values})",
                    "Exists" => key ?? "",
                    "DoesNotExist" => $"!{key}",
                    _ => "",
                });
            }
        }
        return string.Join(",", parts.Where(p => p.Length > 0));
    }
}
