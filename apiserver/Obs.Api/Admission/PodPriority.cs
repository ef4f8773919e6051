using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Admission;

/// <summary>
/// Kubernetes' Priority admission for a new pod: the class it names (or the cluster's global default
/// class when it names none) gives it <c>spec.priority</c> and <c>spec.preemptionPolicy</c>; a pod may
/// not state a priority or policy its class does not give.
/// </summary>
public static class PodPriority
{
    public const string PreemptLowerPriority = "PreemptLowerPriority";

    /// <summary>
    /// Fills in the pod's priority from <paramref name="priorityClass"/>: the class it names, or the global
    /// default class when it names none (null when there is none: priority 0). Returns why the pod is
    /// refused, or null. The caller refuses a named class that does not exist before calling this.
    /// </summary>
    public static string? Admit(JsonObject pod, JsonObject? priorityClass)
    {
        var spec = pod.Ensure("spec");
        long priority = 0;
        string? policy = PreemptLowerPriority;
        if (priorityClass is not null)
        {
            if (string.IsNullOrEmpty(spec.StringAt("priorityClassName"))) spec["priorityClassName"] = ObjectMeta.Name(priorityClass);
            priority = priorityClass.LongAt("value") ?? 0;
            policy = priorityClass.StringAt("preemptionPolicy");
        }
        if (spec["priority"] is JsonValue given && given.AsLong() is { } stated && stated != priority)
            return $"the integer value of priority ({stated}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name";
        spec["priority"] = Defaults.DefaultFields.Number(priority);
        if (policy is null) return null;
        if (spec.StringAt("preemptionPolicy") is { } statedPolicy && statedPolicy != policy)
            return $"the string value of PreemptionPolicy ({statedPolicy}) must not be provided in pod spec; priority admission controller computed {policy} from the given PriorityClass name";
        spec["preemptionPolicy"] = policy;
        return null;
    }

    /// <summary>
    /// The global default class among <paramref name="classes"/>: should a race have left several, the one of
    /// the lowest value, as Kubernetes picks it.
    /// </summary>
    public static JsonObject? GlobalDefault(IEnumerable<JsonObject> classes) =>
        classes.Where(c => c.BoolAt("globalDefault") == true)
            .OrderBy(c => c.LongAt("value") ?? 0)
            .ThenBy(c => ObjectMeta.Name(c), StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>
    /// An update that leaves out the priority or policy admission gave the pod keeps them, as Kubernetes
    /// keeps them (they cannot change, and a PUT of the manifest as written would otherwise be refused).
    /// </summary>
    public static void CarryOver(JsonObject updated, JsonObject old)
    {
        if (updated["spec"] is not JsonObject spec) return;
        foreach (var field in new[] { "priority", "preemptionPolicy" })
        {
            if (spec[field] is null && old.At("spec", field) is { } kept) spec[field] = kept.DeepClone();
        }
    }
}
