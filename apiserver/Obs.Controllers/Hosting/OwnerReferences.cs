using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Controllers.Hosting;

/// <summary>Reading and writing <c>metadata.ownerReferences</c>.</summary>
public static class OwnerReferences
{
    public static IReadOnlyList<JsonObject> Of(JsonNode? obj) =>
        obj.At("metadata", "ownerReferences") is JsonArray refs ? [.. refs.OfType<JsonObject>()] : [];

    /// <summary>The owner reference with <c>controller: true</c>, if any.</summary>
    public static JsonObject? Controller(JsonNode? obj) => Of(obj).FirstOrDefault(r => r.BoolAt("controller") == true);

    public static IEnumerable<string> OwnerUids(JsonObject obj) =>
        Of(obj).Select(r => r.StringAt("uid")).OfType<string>();

    /// <summary>A controller reference to <paramref name="owner"/>, as controllers stamp on what they create.</summary>
    public static JsonObject ControllerRef(ResourceType ownerType, JsonObject owner) => new()
    {
        ["apiVersion"] = ownerType.ApiVersion,
        ["kind"] = ownerType.Kind,
        ["name"] = ObjectMeta.Name(owner),
        ["uid"] = ObjectMeta.Uid(owner),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>The merge patch that sets the owner references to <paramref name="refs"/>, guarded by the object's uid and resourceVersion.</summary>
    public static JsonObject Patch(JsonObject obj, IEnumerable<JsonObject> refs)
    {
        var list = refs.Select(r => (JsonNode)r.DeepClone()).ToArray();
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["ownerReferences"] = list.Length == 0 ? null : new JsonArray(list),
                ["uid"] = ObjectMeta.Uid(obj),
                ["resourceVersion"] = ObjectMeta.ResourceVersion(obj),
            },
        };
    }
}
