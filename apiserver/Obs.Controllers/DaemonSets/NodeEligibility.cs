using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.DaemonSets;

/// <summary>
/// Whether a daemon pod belongs on a node (NodeShouldRunDaemonPod): the template's nodeName,
/// nodeSelector and required node affinity must admit the node, and the pod (with the daemon
/// tolerations added) must tolerate the node's NoSchedule and NoExecute taints. A pod already
/// there may stay while only NoSchedule taints are untolerated.
/// </summary>
public static class NodeEligibility
{
    public static (bool ShouldRun, bool ShouldContinueRunning) Check(JsonNode node, JsonObject podSpec)
    {
        var nodeName = ObjectMeta.Name(node) ?? "";
        if (podSpec.StringAt("nodeName") is { Length: > 0 } fixedNode && fixedNode != nodeName) return (false, false);
        if (!MatchesNodeSelector(node, podSpec["nodeSelector"])) return (false, false);
        if (podSpec.At("affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution") is JsonObject required
            && !MatchesNodeSelectorTerms(node, required["nodeSelectorTerms"])) return (false, false);
        var tolerations = podSpec["tolerations"] as JsonArray;
        var untolerated = (node.At("spec", "taints") as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(t => t.StringAt("effect") is WellKnownTaints.NoSchedule or WellKnownTaints.NoExecute)
            .Where(t => !(tolerations ?? []).OfType<JsonObject>().Any(tol => Tolerates(tol, t)))
            .ToList();
        if (untolerated.Count == 0) return (true, true);
        return (false, untolerated.All(t => t.StringAt("effect") != WellKnownTaints.NoExecute));
    }

    public static bool MatchesNodeSelector(JsonNode node, JsonNode? nodeSelector) =>
        nodeSelector.StringMap().All(l => ObjectMeta.Label(node, l.Key) == l.Value);

    /// <summary>Terms are ORed; a term's expressions and fields are ANDed; an empty term matches nothing.</summary>
    public static bool MatchesNodeSelectorTerms(JsonNode node, JsonNode? terms) =>
        terms is JsonArray list && list.OfType<JsonObject>().Any(term => MatchesTerm(node, term));

    private static bool MatchesTerm(JsonNode node, JsonObject term)
    {
        var expressions = (term["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var fields = (term["matchFields"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (expressions.Count == 0 && fields.Count == 0) return false;
        return expressions.All(e => Matches(e, ObjectMeta.Label(node, e.StringAt("key") ?? "")))
            && fields.All(f => f.StringAt("key") == "metadata.name" && Matches(f, ObjectMeta.Name(node)));
    }

    private static bool Matches(JsonObject requirement, string? value)
    {
        var values = (requirement["values"] as JsonArray ?? []).Select(v => v?.GetValue<string>()).ToList();
        return requirement.StringAt("operator") switch
        {
            "In" => value is not null && values.Contains(value),
            "NotIn" => value is null || !values.Contains(value),
            "Exists" => value is not null,
            "DoesNotExist" => value is null,
            "Gt" => Compare(value, values) > 0,
            "Lt" => Compare(value, values) is < 0 and not int.MinValue,
            _ => false,
        };
    }

    // Gt and Lt compare integers; anything unparsable does not match (int.MinValue stands for that).
    private static int Compare(string? value, List<string?> values)
    {
        if (values.Count != 1
            || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var left)
            || !long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var right)) return int.MinValue;
        return left.CompareTo(right);
    }

    /// <summary>v1.Toleration.ToleratesTaint: effect (empty = all), key (empty with Exists = all), then Exists or an equal value.</summary>
    public static bool Tolerates(JsonObject toleration, JsonObject taint)
    {
        var effect = toleration.StringAt("effect") ?? "";
        if (effect.Length > 0 && effect != taint.StringAt("effect")) return false;
        var key = toleration.StringAt("key") ?? "";
        if (key.Length > 0 && key != taint.StringAt("key")) return false;
        return (toleration.StringAt("operator") ?? "Equal") switch
        {
            "Exists" => true,
            "Equal" or "" => (toleration.StringAt("value") ?? "") == (taint.StringAt("value") ?? ""),
            _ => false,
        };
    }
}
