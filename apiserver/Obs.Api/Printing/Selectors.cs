using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>Label maps and label selectors written the way kubectl prints them.</summary>
internal static class Selectors
{
    /// <summary>A <c>map[string]string</c> selector (Service, nodeSelector): <c>a=1,b=2</c> sorted by key, <c>&lt;none&gt;</c> when empty.</summary>
    public static string FormatLabels(JsonNode? map)
    {
        var pairs = Pairs(map).ToList();
        return pairs.Count == 0 ? "<none>" : string.Join(",", pairs.Select(p => $"{p.Key}={p.Value}"));
    }

    /// <summary>
    /// A <c>metav1.LabelSelector</c> as a selector string: every requirement (matchLabels as <c>k=v</c>,
    /// matchExpressions as <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>) sorted by key;
    /// "" when it selects everything or is absent.
    /// </summary>
    public static string FormatSelector(JsonNode? selector) =>
        FormatSelector(
            Pairs(selector?["matchLabels"]),
            Fields.Items(selector, "matchExpressions").Select(e => new SelectorExpression(
                Fields.Text(e, "key"), Fields.Text(e, "operator"), Fields.Strings(e, "values"))));

    /// <summary>A selector given as its matchLabels (string values) and matchExpressions, as <see cref="FormatSelector(JsonNode?)"/> writes it.</summary>
    public static string FormatSelector(IEnumerable<KeyValuePair<string, string>> matchLabels, IEnumerable<SelectorExpression> matchExpressions)
    {
        var requirements = new List<(string Key, string Text)>();
        foreach (var (key, value) in matchLabels) requirements.Add((key, $"{key}={value}"));
        foreach (var (key, op, unordered) in matchExpressions)
        {
            var values = unordered.Order(StringComparer.Ordinal).ToList();
            var text = op switch
            {
                "In" => $"{key} in ({string.Join(",", values)})",
                "NotIn" => $"{key} notin ({string.Join(",", values)})",
                "Exists" => key,
                "DoesNotExist" => "!" + key,
                _ => $"{key} {op} ({string.Join(",", values)})",
            };
            requirements.Add((key, text));
        }
        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }

    /// <summary>As <see cref="FormatSelector(JsonNode?)"/>, but <c>&lt;none&gt;</c> for a selector without requirements (metav1.FormatLabelSelector).</summary>
    public static string FormatSelectorOrNone(JsonNode? selector) => NoneIfEmpty(FormatSelector(selector));

    public static string NoneIfEmpty(string selector) => selector.Length > 0 ? selector : "<none>";

    private static IEnumerable<KeyValuePair<string, string>> Pairs(JsonNode? map) =>
        Objects.JsonFields.StringMap(map).OrderBy(p => p.Key, StringComparer.Ordinal);
}

/// <summary>One of a label selector's matchExpressions: the values as listed (the string ones).</summary>
internal readonly record struct SelectorExpression(string Key, string Operator, IReadOnlyList<string> Values);
