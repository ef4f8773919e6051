using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>
/// The JSONPath subset CustomResourceDefinitions' printer columns use: <c>.spec.replicas</c>, indexes
/// (<c>.spec.ports[0].port</c>), quoted keys (<c>.metadata.labels['app']</c>) and the condition filter
/// <c>.status.conditions[?(@.type=="Ready")].status</c>. <see cref="TryParse"/> refuses anything else.
/// </summary>
public sealed class ColumnJsonPath
{
    private abstract record Step;
    private sealed record FieldStep(string Name) : Step;
    private sealed record IndexStep(int Index) : Step;
    private sealed record FilterStep(string Field, string Value) : Step;

    private readonly IReadOnlyList<Step> _steps;

    private ColumnJsonPath(IReadOnlyList<Step> steps) => _steps = steps;

    public static bool TryParse(string text, out ColumnJsonPath? path)
    {
        path = null;
        var t = text.Trim();
        if (t.StartsWith('{') && t.EndsWith('}')) t = t[1..^1];
        if (t.StartsWith('$')) t = t[1..];
        if (!t.StartsWith('.') || t.Length < 2) return false;
        var steps = new List<Step>();
        var i = 0;
        while (i < t.Length)
        {
            if (t[i] == '.')
            {
                var start = ++i;
                while (i < t.Length && t[i] != '.' && t[i] != '[') i++;
                if (i == start) return false;
                steps.Add(new FieldStep(t[start..i]));
            }
            else if (t[i] == '[')
            {
                var end = t.IndexOf(']', i);
                if (end < 0) return false;
                var inner = t[(i + 1)..end];
                if (inner.StartsWith("?(@.", StringComparison.Ordinal) && inner.EndsWith(')'))
                {
                    var condition = inner[4..^1].Split("==", 2);
                    if (condition.Length != 2) return false;
                    steps.Add(new FilterStep(condition[0].Trim(), condition[1].Trim().Trim('"', '\'')));
                }
                else if (inner.Length > 1 && (inner[0] is '\'' or '"') && inner[^1] == inner[0]) steps.Add(new FieldStep(inner[1..^1]));
                else if (int.TryParse(inner, out var index) && index >= 0) steps.Add(new IndexStep(index));
                else return false;
                i = end + 1;
            }
            else return false;
        }
        path = new ColumnJsonPath(steps);
        return true;
    }

    /// <summary>The value at the path, or null when the object has none there.</summary>
    public JsonNode? Evaluate(JsonNode? node)
    {
        foreach (var step in _steps)
        {
            node = step switch
            {
                FieldStep f => node is JsonObject o ? o[f.Name] : null,
                IndexStep x => node is JsonArray a && x.Index < a.Count ? a[x.Index] : null,
                FilterStep c => node is JsonArray a ? a.FirstOrDefault(item => item is JsonObject o && Text(o[c.Field]) == c.Value) : null,
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        null => null,
        _ => node.ToJsonString(),
    };
}
