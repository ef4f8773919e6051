using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Patch;

namespace Obs.ApiServer.Http;

/// <summary>Applies a JSON, merge or strategic merge patch body to an object; patch errors become Status errors.</summary>
public static class PatchApplier
{
    public static PatchType ParseType(string? contentType) =>
        PatchTypes.TryParse(contentType, out var type)
            ? type
            : throw new ApiException(415, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", PatchTypes.MediaTypes)}");

    public static JsonObject Apply(PatchType type, JsonObject current, JsonNode patch, IMergeSchema? schema)
    {
        try
        {
            var result = type switch
            {
                PatchType.Json => JsonPatch.Apply(current, patch),
                PatchType.Merge => MergePatch.Apply(current, patch),
                PatchType.StrategicMerge => StrategicMergePatch.Apply(current, patch, schema),
                _ => throw ApiErrors.BadRequest($"{type.MediaType()} is not applied here"),
            };
            return result as JsonObject ?? throw ApiErrors.BadRequest("the patch turned the object into something that is not a JSON object");
        }
        catch (PatchException e)
        {
            throw new ApiException(e.StatusCode, e.Reason, e.Message);
        }
    }
}
