using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Api.Selectors;

/// <summary>
/// A parsed label selector: requirements that must all hold. Two special selectors exist, as in
/// Kubernetes: <see cref="Everything"/> (no requirements; what an empty string or an empty JSON
/// selector <c>{}</c> means) and <see cref="Nothing"/> (what a null or missing JSON selector means,
/// e.g. a PodDisruptionBudget without <c>spec.selector</c>, and what an invalid JSON selector becomes).
/// </summary>
public sealed class LabelSelector
{
    private LabelSelector(IReadOnlyList<LabelRequirement> requirements, bool matchesNothing)
    {
        Requirements = requirements;
        MatchesNothing = matchesNothing;
    }

    /// <summary>Matches every object: the empty string, <c>{}</c>.</summary>
    public static LabelSelector Everything { get; } = new([], false);

    /// <summary>Matches no object: a null JSON selector.</summary>
    public static LabelSelector Nothing { get; } = new([], true);

    /// <summary>The requirements, sorted by key (stable, so equal keys keep their written order).</summary>
    public IReadOnlyList<LabelRequirement> Requirements { get; }

    public bool MatchesNothing { get; }

    /// <summary>True when the selector does not restrict anything (<see cref="Everything"/>).</summary>
    public bool IsEmpty => !MatchesNothing && Requirements.Count == 0;

    /// <summary>
    /// Parses the string form kubectl sends in <c>?labelSelector=</c>
    /// (<c>app=web,tier in (a,b),!canary</c>). Throws <see cref="FormatException"/> with Kubernetes' message.
    /// </summary>
    public static LabelSelector Parse(string text) =>
        TryParse(text, out var selector, out var error) ? selector : throw new FormatException(error);

    public static bool TryParse(string? text, out LabelSelector selector, out string? error)
    {
        var requirements = LabelSelectorParser.Parse(text ?? "", out error);
        if (requirements is null)
        {
            selector = Nothing;
            return false;
        }
        selector = requirements.Count == 0 ? Everything : new LabelSelector(SortByKey(requirements), false);
        return true;
    }

    /// <summary>
    /// The pods <paramref name="workload"/>'s <c>spec.selector</c> selects: a plain label map on a core/v1
    /// ReplicationController (anything but string values selects nothing), a <c>metav1.LabelSelector</c> on every
    /// other workload.
    /// </summary>
    public static LabelSelector OfWorkload(ResourceType type, JsonObject workload)
    {
        var node = workload.At("spec", "selector");
        if (type != ResourceTypes.ReplicationController) return FromJson(node);
        if (node is not JsonObject map) return Nothing;
        var labels = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in map)
        {
            if (AsString(value) is not { } text) return Nothing;
            labels.Add(new(key, text));
        }
        return FromSet(labels);
    }

    /// <summary>An equality selector from a map such as a Service's <c>spec.selector</c>; empty matches everything.</summary>
    public static LabelSelector FromSet(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var requirements = labels.Select(kv => LabelRequirement.Create(kv.Key, SelectorOperator.Equals, [kv.Value], out _)).ToList();
        return requirements.Count == 0 ? Everything : new LabelSelector(SortByKey(requirements), false);
    }

    /// <summary>
    /// The selector a JSON <c>metav1.LabelSelector</c> (<c>matchLabels</c>, <c>matchExpressions</c>) stands for,
    /// as <c>LabelSelectorAsSelector</c> builds it: null or missing → <see cref="Nothing"/>, <c>{}</c> →
    /// <see cref="Everything"/>. An invalid selector (see <see cref="ValidateJson"/>) also gives <see cref="Nothing"/>,
    /// so a controller acting on a bad object never selects more than it should.
    /// </summary>
    public static LabelSelector FromJson(JsonNode? node)
    {
        if (node is not JsonObject obj) return Nothing;
        var requirements = new List<LabelRequirement>();
        var matchLabels = obj["matchLabels"];
        if (matchLabels is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                if (AsString(value) is not { } text) return Nothing;
                var requirement = LabelRequirement.Create(key, SelectorOperator.Equals, [text], out var errors);
                if (errors.Count > 0) return Nothing;
                requirements.Add(requirement);
            }
        }
        else if (matchLabels is not null) return Nothing;

        var matchExpressions = obj["matchExpressions"];
        if (matchExpressions is JsonArray expressions)
        {
            foreach (var expression in expressions)
            {
                if (expression is not JsonObject e) return Nothing;
                SelectorOperator? op = e.StringAt("operator") switch
                {
                    "In" => SelectorOperator.In,
                    "NotIn" => SelectorOperator.NotIn,
                    "Exists" => SelectorOperator.Exists,
                    "DoesNotExist" => SelectorOperator.DoesNotExist,
                    _ => null,
                };
                if (op is null || e.StringAt("key") is not { } key) return Nothing;
                var values = new List<string>();
                if (e["values"] is JsonArray array)
                {
                    foreach (var v in array)
                    {
                        if (AsString(v) is not { } s) return Nothing;
                        values.Add(s);
                    }
                }
                else if (e["values"] is not null) return Nothing;
                var requirement = LabelRequirement.Create(key, op.Value, values, out var errors);
                if (errors.Count > 0) return Nothing;
                requirements.Add(requirement);
            }
        }
        else if (matchExpressions is not null) return Nothing;

        return requirements.Count == 0 ? Everything : new LabelSelector(SortByKey(requirements), false);
    }

    /// <summary>
    /// Every problem with a JSON label selector, with paths under <paramref name="path"/>
    /// (e.g. <c>spec.selector.matchExpressions[0].operator</c>), as <c>ValidateLabelSelector</c> reports them.
    /// A null selector is valid here; whether one is required is the caller's rule.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateJson(JsonNode? node, string path)
    {
        var errors = new List<FieldError>();
        if (node is null) return errors;
        if (node is not JsonObject obj)
        {
            errors.Add(FieldError.Invalid(path, node, "must be an object"));
            return errors;
        }
        var labelsPath = path + ".matchLabels";
        switch (obj["matchLabels"])
        {
            case null:
                break;
            case JsonObject labels:
                foreach (var (key, value) in labels)
                {
                    foreach (var message in Validation.NameFormats.IsQualifiedName(key))
                        errors.Add(FieldError.Invalid(labelsPath, key, message));
                    if (AsString(value) is not { } text)
                    {
                        errors.Add(FieldError.Invalid($"{labelsPath}.{key}", value, "must be a string"));
                        continue;
                    }
                    foreach (var message in Validation.NameFormats.IsValidLabelValue(text))
                        errors.Add(FieldError.Invalid(labelsPath, text, message));
                }
                break;
            default:
                errors.Add(FieldError.Invalid(labelsPath, obj["matchLabels"], "must be an object of string values"));
                break;
        }
        var expressionsPath = path + ".matchExpressions";
        switch (obj["matchExpressions"])
        {
            case null:
                break;
            case JsonArray expressions:
                for (var i = 0; i < expressions.Count; i++)
                    ValidateExpression(expressions[i], $"{expressionsPath}[{i}]", errors);
                break;
            default:
                errors.Add(FieldError.Invalid(expressionsPath, obj["matchExpressions"], "must be a list"));
                break;
        }
        return errors;
    }

    private static void ValidateExpression(JsonNode? node, string path, List<FieldError> errors)
    {
        if (node is not JsonObject e)
        {
            errors.Add(FieldError.Invalid(path, node, "must be an object"));
            return;
        }
        var values = new List<string>();
        var valuesNode = e["values"];
        if (valuesNode is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (AsString(array[i]) is { } s) values.Add(s);
                else errors.Add(FieldError.Invalid($"{path}.values[{i}]", array[i], "must be a string"));
            }
        }
        else if (valuesNode is not null)
        {
            errors.Add(FieldError.Invalid(path + ".values", valuesNode, "must be a list of strings"));
        }
        var op = e["operator"] is JsonValue ov && ov.GetValueKind() == JsonValueKind.String ? ov.GetValue<string>() : null;
        switch (op)
        {
            case "In" or "NotIn":
                if (values.Count == 0) errors.Add(FieldError.Required(path + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
                break;
            case "Exists" or "DoesNotExist":
                if (values.Count > 0) errors.Add(FieldError.Forbidden(path + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                break;
            default:
                errors.Add(FieldError.Invalid(path + ".operator", (object?)op ?? "", "not a valid selector operator"));
                break;
        }
        var key = e.StringAt("key") ?? "";
        foreach (var message in Validation.NameFormats.IsQualifiedName(key))
            errors.Add(FieldError.Invalid(path + ".key", key, message));
        for (var i = 0; i < values.Count; i++)
        {
            foreach (var message in Validation.NameFormats.IsValidLabelValue(values[i]))
                errors.Add(FieldError.Invalid($"{path}.values[{i}]", values[i], message));
        }
    }

    public bool Matches(Func<string, string?> label)
    {
        if (MatchesNothing) return false;
        foreach (var requirement in Requirements)
        {
            if (!requirement.Matches(label)) return false;
        }
        return true;
    }

    public bool Matches(IEnumerable<KeyValuePair<string, string>> labels)
    {
        if (MatchesNothing) return false;
        if (Requirements.Count == 0) return true;
        if (labels is not IReadOnlyDictionary<string, string> map)
        {
            var copy = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in labels) copy[key] = value;
            map = copy;
        }
        return Matches(key => map.TryGetValue(key, out var v) ? v : null);
    }

    /// <summary>Whether an object's <c>metadata.labels</c> satisfy the selector.</summary>
    public bool MatchesObject(JsonNode? obj)
    {
        var labels = obj.At("metadata", "labels") as JsonObject;
        return Matches(key => labels is not null && labels.TryGetPropertyValue(key, out var v) ? AsString(v) : null);
    }

    /// <summary>
    /// Kubernetes' canonical string (requirements sorted by key, joined by commas): <c>app=web</c>,
    /// <c>app=web,tier in (a,b)</c>. What <c>Scale.status.selector</c> carries. Empty for Everything and Nothing.
    /// </summary>
    public override string ToString() => string.Join(",", Requirements.Select(r => r.ToString()));

    /// <summary>
    /// How kubectl columns show a JSON selector (<c>metav1.FormatLabelSelector</c>): the canonical string,
    /// <c>&lt;none&gt;</c> when it is empty or null, <c>&lt;error&gt;</c> when it is invalid.
    /// </summary>
    public static string Format(JsonNode? node)
    {
        if (ValidateJson(node, "selector").Count > 0) return "<error>";
        var text = FromJson(node).ToString();
        return text.Length == 0 ? "<none>" : text;
    }

    private static List<LabelRequirement> SortByKey(List<LabelRequirement> requirements) =>
        requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();

    private static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
