using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Jobs;

/// <summary>
/// What a Job's <c>spec.podFailurePolicy</c> says about one failed pod: the rules are tried in
/// order and the first that matches decides. A rule matches on the exit code of a container that
/// ended (0, a success, never matches) or on a pod condition with the given status. Without a
/// matching rule the failure counts against backoffLimit as it would without a policy.
/// </summary>
internal static class PodFailurePolicy
{
    public const string FailJob = "FailJob";
    public const string FailIndex = "FailIndex";
    public const string Ignore = "Ignore";
    public const string Count = "Count";

    /// <summary>The action of the first rule that matches the failed <paramref name="pod"/>, with a message saying why; null when none does.</summary>
    public static PolicyMatch? Match(JsonObject job, JsonObject pod)
    {
        if (job.At("spec", "podFailurePolicy", "rules") is not JsonArray rules || pod.StringAt("status", "phase") != "Failed") return null;
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is not JsonObject rule || rule.StringAt("action") is not { } action) continue;
            // Clients skip actions they do not know, as the API asks.
            if (action is not (FailJob or FailIndex or Ignore or Count)) continue;
            var why = rule["onExitCodes"] is JsonObject onExitCodes ? ExitCodeMatch(onExitCodes, pod)
                : rule["onPodConditions"] is JsonArray patterns ? ConditionMatch(patterns, pod)
                : null;
            if (why is not null) return new PolicyMatch(action, $"{why} matching {action} rule at index {i}");
        }
        return null;
    }

    private static string? ExitCodeMatch(JsonObject requirement, JsonObject pod)
    {
        var codes = (requirement["values"] as JsonArray ?? []).OfType<JsonValue>().Select(v => v.AsLong()).OfType<long>().ToHashSet();
        var name = requirement.StringAt("containerName");
        var notIn = requirement.StringAt("operator") == "NotIn";
        foreach (var field in new[] { "initContainerStatuses", "containerStatuses" })
        {
            foreach (var status in pod.At("status", field) as JsonArray ?? [])
            {
                if (status is null || name is not null && status.StringAt("name") != name) continue;
                if (status.LongAt("state", "terminated", "exitCode") is not { } code || code == 0) continue;
                if (codes.Contains(code) != notIn)
                {
                    var text = code.ToString(CultureInfo.InvariantCulture);
                    return $"Container {status.StringAt("name")} for pod {ObjectMeta.Namespace(pod)}/{ObjectMeta.Name(pod)} failed with exit code {text}";
                }
            }
        }
        return null;
    }

    private static string? ConditionMatch(JsonArray patterns, JsonObject pod)
    {
        var conditions = pod.At("status", "conditions") as JsonArray ?? [];
        foreach (var pattern in patterns)
        {
            var type = pattern?.StringAt("type");
            var status = pattern?.StringAt("status") ?? "True";
            if (conditions.Any(c => c.StringAt("type") == type && c.StringAt("status") == status))
                return $"Pod {ObjectMeta.Namespace(pod)}/{ObjectMeta.Name(pod)} has condition {type}";
        }
        return null;
    }
}
