using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ApiServer.Registry;

/// <summary>Sets one entry of a pod's <c>status.conditions</c>, keeping the transition time when the status is unchanged.</summary>
public static class PodConditions
{
    public static void Set(JsonObject pod, string type, string status, DateTimeOffset? now, string? reason = null, string? message = null)
    {
        var conditions = pod.Ensure("status")["conditions"] as JsonArray;
        if (conditions is null)
        {
            conditions = [];
            pod.Ensure("status")["conditions"] = conditions;
        }
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == type);
        if (existing is null)
        {
            existing = new JsonObject { ["type"] = type };
            conditions.Add(existing);
        }
        if (existing.StringAt("status") != status || existing["lastTransitionTime"] is null)
            existing["lastTransitionTime"] = Timestamps.Format(now ?? DateTimeOffset.UtcNow);
        existing["status"] = status;
        existing["lastProbeTime"] = null;
        if (reason is not null) existing["reason"] = reason; else existing.Remove("reason");
        if (message is not null) existing["message"] = message; else existing.Remove("message");
    }
}
