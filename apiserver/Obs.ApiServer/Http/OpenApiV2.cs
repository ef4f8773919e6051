using Microsoft.AspNetCore.Http;

namespace Obs.ApiServer.Http;

/// <summary>
/// <c>/openapi/v2</c>: a document with no definitions. The schema is served as OpenAPI v3, from which kubectl validates
/// and explains; kubectl reads v2 only for a group version that v3 lacks (a manifest of a kind the cluster does not
/// serve: a CustomResourceDefinition, a custom resource, an apiVersion Kubernetes removed). Without any v2 its validation
/// failed there with "the server could not find the requested resource"; with an empty one the kind is unknown to
/// validation, and kubectl says what Kubernetes users read: no matches for the kind in that version.
/// </summary>
public static class OpenApiV2
{
    /// <summary>
    /// The answer to kubectl's protobuf Accept (gnostic's Document, of which an empty message is the empty document), named
    /// as Kubernetes names it: the "@" of the type kubectl asks for is no valid media type, and client-go fails on it.
    /// </summary>
    public const string ProtobufMediaType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private static readonly byte[] EmptyJson = """{"swagger":"2.0","info":{"title":"Obs","version":"v1.32.0"},"paths":{},"definitions":{}}"""u8.ToArray();

    public static async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        if (context.Request.Headers.Accept.ToString().Contains("protobuf", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.ContentType = ProtobufMediaType;
            context.Response.ContentLength = 0;
            return;
        }
        await ResponseWriter.WriteBytesAsync(context, 200, EmptyJson);
    }
}
