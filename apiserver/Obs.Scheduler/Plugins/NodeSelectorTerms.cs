using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Plugins;

/// <summary>
/// Kubernetes' NodeSelector semantics: the terms are ORed, the requirements inside a term ANDed;
/// a term with no requirements matches nothing.
/// </summary>
public static class NodeSelectorTerms
{
    public static bool MatchesAny(JsonArray terms, NodeInfo node)
    {
        foreach (var term in terms)
            if (Matches(term, node)) return true;
        return false;
    }

    public static bool Matches(JsonNode? term, NodeInfo node)
    {
        var expressions = term.At("matchExpressions") as JsonArray;
        var fields = term.At("matchFields") as JsonArray;
        if ((expressions is null || expressions.Count == 0) && (fields is null || fields.Count == 0)) return false;
        if (expressions is not null)
        {
            foreach (var e in expressions)
            {
                var key = e.StringAt("key") ?? "";
                var value = node.Labels.TryGetValue(key, out var v) ? v : null;
                if (!Requirement(e.StringAt("operator"), value, e.At("values") as JsonArray)) return false;
            }
        }
        if (fields is not null)
        {
            foreach (var f in fields)
            {
                // metadata.name is the only field Kubernetes supports here.
                var value = f.StringAt("key") == "metadata.name" ? node.Name : null;
                if (!Requirement(f.StringAt("operator"), value, f.At("values") as JsonArray)) return false;
            }
        }
        return true;
    }

    private static bool Requirement(string? op, string? value, JsonArray? values)
    {
        switch (op)
        {
            case "In":
                return value is not null && Contains(values, value);
            case "NotIn":
                return value is null || !Contains(values, value);
            case "Exists":
                return value is not null;
            case "DoesNotExist":
                return value is null;
            case "Gt":
            case "Lt":
                if (value is null || values is not { Count: 1 }) return false;
                if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var have)) return false;
                if (!long.TryParse(values[0]?.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var want)) return false;
                return op == "Gt" ? have > want : have < want;
            default:
                return false;
        }
    }

    private static bool Contains(JsonArray? values, string value)
    {
        if (values is null) return false;
        foreach (var v in values)
            if (v is JsonValue jv && jv.TryGetValue<string>(out var s) && s == value) return true;
        return false;
    }
}
