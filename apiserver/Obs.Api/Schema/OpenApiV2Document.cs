using System.Text.Json;
using Obs.Api.Serialization;

namespace Obs.Api.Schema;

/// <summary>The <c>/openapi/v2</c> document in both forms it is asked for: JSON, and gnostic protobuf (kubectl's).</summary>
public sealed record OpenApiV2Document(byte[] Json, byte[] Protobuf)
{
    public static OpenApiV2Document From(IEnumerable<OpenApiDocument> documents)
    {
        var document = OpenApiV2Conversion.Document(documents);
        return new OpenApiV2Document(JsonSerializer.SerializeToUtf8Bytes(document, BuiltInJson.Default.JsonNode), OpenApiV2Protobuf.Encode(document));
    }
}
