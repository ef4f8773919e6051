using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ApiServer.Registry;

/// <summary>
/// The part of a CustomResourceDefinition's status its writes set, as apiextensions-apiserver's strategy
/// does: <c>storedVersions</c> lists every version objects were ever stored in, so the storage version of each
/// write is added to it. The conditions are the catalog's (<see cref="CustomResources.CustomResourceCatalog"/>).
/// </summary>
public static class DefinitionStatus
{
    public static void PrepareForCreate(JsonObject crd)
    {
        crd["status"] = new JsonObject { ["conditions"] = new JsonArray(), ["acceptedNames"] = new JsonObject { ["plural"] = "", ["kind"] = "" }, ["storedVersions"] = new JsonArray() };
        AddStorageVersion(crd);
    }

    public static void PrepareForUpdate(JsonObject crd) => AddStorageVersion(crd);

    private static void AddStorageVersion(JsonObject crd)
    {
        var storage = (crd.At("spec", "versions") as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(v => v.BoolAt("storage") == true)?.StringAt("name");
        if (storage is null) return;
        var status = crd.Ensure("status");
        if (status["storedVersions"] is not JsonArray stored) status["storedVersions"] = stored = [];
        if (!stored.Any(v => v?.GetValue<string>() == storage)) stored.Add(storage);
    }
}
