using System.Text.Json.Nodes;
using Obs.Api.Validation;

namespace Obs.Api.Defaults;

/// <summary>The defaults kube-apiserver gives a CustomResourceDefinition: singular and list kind from the kind, conversion None.</summary>
internal static class CustomResourceDefinitionDefaults
{
    public static void Apply(JsonObject crd)
    {
        if (crd["spec"] is not JsonObject spec) return;
        if (spec["names"] is JsonObject names && JsonValues.String(names["kind"]) is { Length: > 0 } kind)
        {
            if (string.IsNullOrEmpty(JsonValues.String(names["singular"]))) names["singular"] = kind.ToLowerInvariant();
            if (string.IsNullOrEmpty(JsonValues.String(names["listKind"]))) names["listKind"] = kind + "List";
        }
        if (spec["conversion"] is not JsonObject conversion) spec["conversion"] = conversion = [];
        if (string.IsNullOrEmpty(JsonValues.String(conversion["strategy"]))) conversion["strategy"] = "None";
    }
}
