using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Defaults;

/// <summary>The defaults kube-apiserver gives a CustomResourceDefinition: singular and list kind from the kind, conversion None.</summary>
internal static class CustomResourceDefinitionDefaults
{
    public static void Apply(JsonObject crd)
    {
        if (crd["spec"] is not JsonObject spec) return;
        if (spec["names"] is JsonObject names && Text(names["kind"]) is { Length: > 0 } kind)
        {
            if (string.IsNullOrEmpty(Text(names["singular"]))) names["singular"] = kind.ToLowerInvariant();
            if (string.IsNullOrEmpty(Text(names["listKind"]))) names["listKind"] = kind + "List";
        }
        if (spec["conversion"] is not JsonObject conversion) spec["conversion"] = conversion = [];
        if (string.IsNullOrEmpty(Text(conversion["strategy"]))) conversion["strategy"] = "None";
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
