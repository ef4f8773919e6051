using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Hosting;
using Obs.Controllers.Pods;
using Obs.Controllers.Revisions;

namespace Obs.Controllers.StatefulSets;

/// <summary>The identity of a StatefulSet's pods (stateful_set_utils): name, ordinal, labels, hostname and claims.</summary>
public static class StatefulPods
{
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";

    /// <summary>The set name and ordinal a pod name <c>&lt;set&gt;-&lt;ordinal&gt;</c> encodes, or null.</summary>
    public static (string Parent, int Ordinal)? Parse(string? name)
    {
        var dash = name?.LastIndexOf('-') ?? -1;
        if (dash <= 0) return null;
        var digits = name![(dash + 1)..];
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)) return null;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) ? (name[..dash], ordinal) : null;
    }

    public static int Ordinal(JsonNode pod) => Parse(ObjectMeta.Name(pod))?.Ordinal ?? -1;

    /// <summary>True when the pod's name makes it one of the set's (isMemberOf).</summary>
    public static bool IsMember(JsonNode set, JsonNode pod) => Parse(ObjectMeta.Name(pod))?.Parent == ObjectMeta.Name(set);

    public static string Name(JsonNode set, int ordinal) => ObjectMeta.Name(set) + "-" + ordinal.ToString(CultureInfo.InvariantCulture);

    /// <summary>The claim of template <paramref name="template"/> for the pod of <paramref name="ordinal"/>: <c>&lt;template&gt;-&lt;set&gt;-&lt;ordinal&gt;</c>.</summary>
    public static string ClaimName(string template, JsonNode set, int ordinal) => template + "-" + Name(set, ordinal);

    public static string? Revision(JsonNode pod) => ObjectMeta.Label(pod, RevisionData.PodRevisionLabel);

    public static bool IsTerminating(JsonNode pod) => ObjectMeta.DeletionTimestamp(pod) is not null;

    public static bool IsFinished(JsonNode pod) => pod.StringAt("status", "phase") is "Failed" or "Succeeded";

    public static bool IsRunningAndReady(JsonNode pod) => pod.StringAt("status", "phase") == "Running" && PodState.IsReady(pod);

    public static IEnumerable<JsonObject> ClaimTemplates(JsonNode set) =>
        set.At("spec", "volumeClaimTemplates") is JsonArray templates ? templates.OfType<JsonObject>().Where(t => ObjectMeta.Name(t) is { Length: > 0 }) : [];

    /// <summary>The claims the pod of <paramref name="ordinal"/> mounts, one per claim template, labelled with the set's selector.</summary>
    public static IEnumerable<JsonObject> Claims(JsonNode set, int ordinal)
    {
        foreach (var template in ClaimTemplates(set))
        {
            var labels = (JsonObject)(template.At("metadata", "labels")?.DeepClone() ?? new JsonObject());
            foreach (var (key, value) in set.At("spec", "selector", "matchLabels").StringMap()) labels[key] = value;
            var metadata = new JsonObject
            {
                ["name"] = ClaimName(ObjectMeta.Name(template)!, set, ordinal),
                ["namespace"] = ObjectMeta.Namespace(set),
                ["labels"] = labels,
            };
            if (template.At("metadata", "annotations") is JsonObject annotations) metadata["annotations"] = annotations.DeepClone();
            yield return new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "PersistentVolumeClaim",
                ["metadata"] = metadata,
                ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
            };
        }
    }

    /// <summary>
    /// The pod of <paramref name="ordinal"/> from the template <paramref name="revision"/> restores:
    /// its stable name, hostname and subdomain, identity labels, and a volume per claim template.
    /// </summary>
    public static JsonObject NewPod(JsonObject set, JsonObject revision, int ordinal)
    {
        var template = RevisionData.Template(revision);
        var name = Name(set, ordinal);
        var labels = (JsonObject)(template.At("metadata", "labels")?.DeepClone() ?? new JsonObject());
        labels[PodNameLabel] = name;
        labels[PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture);
        labels[RevisionData.PodRevisionLabel] = ObjectMeta.Name(revision);
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ObjectMeta.Namespace(set),
            ["labels"] = labels,
        };
        foreach (var field in new[] { "annotations", "finalizers" })
        {
            if (template.At("metadata", field) is { } value) metadata[field] = value.DeepClone();
        }
        metadata["ownerReferences"] = new JsonArray(OwnerReferences.ControllerRef(ResourceTypes.StatefulSet, set));
        var spec = (JsonObject)(template["spec"]?.DeepClone() ?? new JsonObject());
        spec["hostname"] = name;
        if (set.StringAt("spec", "serviceName") is { Length: > 0 } service) spec["subdomain"] = service;
        var claims = ClaimTemplates(set).Select(t => ObjectMeta.Name(t)!).ToList();
        if (claims.Count > 0)
        {
            var volumes = spec["volumes"] is JsonArray existing
                ? existing.OfType<JsonObject>().Where(v => !claims.Contains(v.StringAt("name") ?? "")).Select(v => v.DeepClone()).ToList()
                : [];
            volumes.AddRange(claims.Select(claim => (JsonNode)new JsonObject
            {
                ["name"] = claim,
                ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = ClaimName(claim, set, ordinal) },
            }));
            spec["volumes"] = new JsonArray([.. volumes]);
        }
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = spec,
        };
    }
}
