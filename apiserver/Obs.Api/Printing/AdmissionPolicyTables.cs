using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Printing;

/// <summary>
/// ValidatingAdmissionPolicies (NAME VALIDATIONS PARAMKIND AGE) and their bindings (NAME POLICYNAME PARAMREF AGE), as
/// <c>kubectl get</c> shows them.
/// </summary>
internal static class AdmissionPolicyTables
{
    private const string Unset = "<unset>";

    public static readonly TableColumn[] PolicyColumns =
    [
        CommonColumns.Name,
        CommonColumns.Integer("Validations", "Validations indicates the number of validation rules defined in this configuration"),
        CommonColumns.Text("ParamKind", "ParamKind specifies the kind of resources used to parameterize this policy"),
        CommonColumns.Age,
    ];

    public static readonly TableColumn[] BindingColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("PolicyName", "PolicyName indicates the policy definition which the policy binding binded to"),
        CommonColumns.Text("ParamRef", "ParamRef indicates the param resource which sets the configration param"),
        CommonColumns.Age,
    ];

    public static JsonNode?[] Policy(JsonObject obj, DateTimeOffset now)
    {
        var kind = obj.At("spec", "paramKind") as JsonObject;
        return
        [
            ObjectCells.Name(obj),
            Cell.Integer((obj.At("spec", "validations") as JsonArray)?.Count ?? 0),
            Cell.Text(kind is null ? Unset : $"{kind.StringAt("apiVersion")}/{kind.StringAt("kind")}"),
            ObjectCells.Age(obj, now),
        ];
    }

    public static JsonNode?[] Binding(JsonObject obj, DateTimeOffset now) =>
    [
        ObjectCells.Name(obj),
        Cell.Text(obj.StringAt("spec", "policyName") ?? ""),
        Cell.Text(ParamRef(obj.At("spec", "paramRef") as JsonObject)),
        ObjectCells.Age(obj, now),
    ];

    /// <summary>NAMESPACE/NAME (<c>*/NAME</c> with no namespace), or the selector as Go prints a LabelSelector.</summary>
    private static string ParamRef(JsonObject? paramRef)
    {
        if (paramRef is null) return Unset;
        if (paramRef.StringAt("name") is { Length: > 0 } name)
            return paramRef.StringAt("namespace") is { Length: > 0 } ns ? $"{ns}/{name}" : $"*/{name}";
        return paramRef["selector"] is JsonObject selector ? GoSelector(selector) : Unset;
    }

    private static string GoSelector(JsonObject selector)
    {
        var labels = (selector["matchLabels"] as JsonObject ?? []).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value},");
        var expressions = (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>().Select(e =>
            $"LabelSelectorRequirement{{Key:{e.StringAt("key")},Operator:{e.StringAt("operator")},Values:[{string.Join(" ", (e["values"] as JsonArray ?? []).Select(v => v?.ToString()))}],}},");
        return $"&LabelSelector{{MatchLabels:map[string]string{{{string.Join("", labels)}}},MatchExpressions:[]LabelSelectorRequirement{{{string.Join("", expressions)}}},}}";
    }
}
