using System.Globalization;
using Obs.Api.Errors;
using Obs.Api.Validation;

namespace Obs.Api.Selectors;

/// <summary>
/// One condition of a label selector: a key, an operator and (for all but Exists/DoesNotExist) values.
/// Values are kept sorted, as Kubernetes keeps them, so the string form is canonical.
/// </summary>
public sealed class LabelRequirement
{
    private LabelRequirement(string key, SelectorOperator op, IReadOnlyList<string> values)
    {
        Key = key;
        Operator = op;
        Values = values;
    }

    public string Key { get; }
    public SelectorOperator Operator { get; }
    public IReadOnlyList<string> Values { get; }

    /// <summary>
    /// A requirement after Kubernetes' checks (<c>labels.NewRequirement</c>): a qualified-name key, the
    /// number of values the operator needs, valid label values. Errors carry paths relative to
    /// <paramref name="path"/> (<c>key</c>, <c>values[0][app]</c> when it is empty).
    /// </summary>
    public static LabelRequirement Create(string key, SelectorOperator op, IEnumerable<string> values, out IReadOnlyList<FieldError> errors, string path = "")
    {
        var list = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var found = new List<FieldError>();
        var keyErrors = NameFormats.IsQualifiedName(key);
        if (keyErrors.Count > 0) found.Add(FieldError.Invalid(Child(path, "key"), key, string.Join("; ", keyErrors)));
        var valuesPath = Child(path, "values");
        switch (op)
        {
            case SelectorOperator.In or SelectorOperator.NotIn when list.Count == 0:
                found.Add(FieldError.Invalid(valuesPath, FormatList(list), "for 'in', 'notin' operators, values set can't be empty"));
                break;
            case SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.NotEquals when list.Count != 1:
                found.Add(FieldError.Invalid(valuesPath, FormatList(list), "exact-match compatibility requires one single value"));
                break;
            case SelectorOperator.Exists or SelectorOperator.DoesNotExist when list.Count != 0:
                found.Add(FieldError.Invalid(valuesPath, FormatList(list), "values set must be empty for exists and does not exist"));
                break;
            case SelectorOperator.GreaterThan or SelectorOperator.LessThan:
                if (list.Count != 1) found.Add(FieldError.Invalid(valuesPath, FormatList(list), "for 'Gt', 'Lt' operators, exactly one value is required"));
                for (var i = 0; i < list.Count; i++)
                {
                    if (!long.TryParse(list[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                        found.Add(FieldError.Invalid($"{valuesPath}[{i}]", list[i], "for 'Gt', 'Lt' operators, the value must be an integer"));
                }
                break;
        }
        for (var i = 0; i < list.Count; i++)
        {
            var valueErrors = NameFormats.IsValidLabelValue(list[i]);
            if (valueErrors.Count > 0) found.Add(FieldError.Invalid($"{valuesPath}[{i}][{key}]", list[i], string.Join("; ", valueErrors)));
        }
        errors = found;
        return new LabelRequirement(key, op, list);
    }

    /// <summary>Whether labels (looked up by key, null when absent) satisfy this requirement.</summary>
    public bool Matches(Func<string, string?> label)
    {
        var value = label(Key);
        switch (Operator)
        {
            case SelectorOperator.In or SelectorOperator.Equals or SelectorOperator.DoubleEquals:
                return value is not null && Contains(value);
            case SelectorOperator.NotIn or SelectorOperator.NotEquals:
                return value is null || !Contains(value);
            case SelectorOperator.Exists:
                return value is not null;
            case SelectorOperator.DoesNotExist:
                return value is null;
            case SelectorOperator.GreaterThan or SelectorOperator.LessThan:
                if (value is null || Values.Count != 1) return false;
                if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)) return false;
                if (!long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var wanted)) return false;
                return Operator == SelectorOperator.GreaterThan ? actual > wanted : actual < wanted;
            default:
                return false;
        }
    }

    /// <summary>The canonical form: <c>app=web</c>, <c>tier in (a,b)</c>, <c>!canary</c>.</summary>
    public override string ToString()
    {
        var prefix = Operator == SelectorOperator.DoesNotExist ? "!" : "";
        var joined = string.Join(",", Values);
        return Operator switch
        {
            SelectorOperator.Equals => $"{Key}={joined}",
            SelectorOperator.DoubleEquals => $"{Key}=={joined}",
            SelectorOperator.NotEquals => $"{Key}!={joined}",
            SelectorOperator.In => $"{Key} in ({joined})",
            SelectorOperator.NotIn => $"{Key} notin ({joined})",
            SelectorOperator.GreaterThan => $"{Key}>{joined}",
            SelectorOperator.LessThan => $"{Key}<{joined}",
            _ => prefix + Key,
        };
    }

    private bool Contains(string value)
    {
        foreach (var v in Values)
        {
            if (string.Equals(v, value, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static System.Text.Json.Nodes.JsonArray FormatList(IReadOnlyList<string> values) =>
        new([.. values.Select(v => (System.Text.Json.Nodes.JsonNode?)System.Text.Json.Nodes.JsonValue.Create(v))]);
}
