using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.ApiServer.Http;

/// <summary>Applies a patch body of a given media type to an object.</summary>
public static class PatchApplier
{
    public static IMergeSchema? SchemaFor(ResourceType type) => null;

    public static JsonObject Apply(string mediaType, JsonObject current, byte[] body, IMergeSchema? schema) =>
        throw ApiErrors.UnsupportedMediaType(mediaType);
}
