using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Deployments;

/// <summary>The Progressing and Available conditions and their reasons (deploymentutil).</summary>
internal static class DeploymentConditions
{
    public const string Progressing = "Progressing";
    public const string Available = "Available";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string TimedOut = "ProgressDeadlineExceeded";
    public const string Paused = "DeploymentPaused";
    public const string Resumed = "DeploymentResumed";
    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";

    public static JsonObject New(string type, string status, string reason, string message, DateTimeOffset now) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastUpdateTime"] = PodState.Format(now),
        ["lastTransitionTime"] = PodState.Format(now),
        ["reason"] = reason,
        ["message"] = message,
    };

    public static JsonObject? Get(JsonNode? status, string type) =>
        status?["conditions"] is JsonArray conditions ? conditions.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == type) : null;

    /// <summary>
    /// Sets the condition: unchanged when status and reason are the same; keeps the transition
    /// time when only the reason or message moved.
    /// </summary>
    public static void Set(JsonObject status, JsonObject condition)
    {
        var type = condition.StringAt("type")!;
        var existing = Get(status, type);
        if (existing is not null && existing.StringAt("status") == condition.StringAt("status") && existing.StringAt("reason") == condition.StringAt("reason")) return;
        if (existing is not null && existing.StringAt("status") == condition.StringAt("status"))
            condition["lastTransitionTime"] = existing.StringAt("lastTransitionTime");
        Remove(status, type);
        if (status["conditions"] is not JsonArray conditions) status["conditions"] = conditions = [];
        conditions.Add(condition);
    }

    public static void Remove(JsonObject status, string type)
    {
        if (status["conditions"] is not JsonArray conditions) return;
        foreach (var c in conditions.OfType<JsonObject>().Where(c => c.StringAt("type") == type).ToList()) conditions.Remove(c);
    }
}
