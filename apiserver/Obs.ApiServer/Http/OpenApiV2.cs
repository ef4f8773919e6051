using Microsoft.AspNetCore.Http;
using Obs.Api.Schema;

namespace Obs.ApiServer.Http;

/// <summary>
/// <c>/openapi/v2</c>: the custom resources' definitions, converted from their v3 schemas as Kubernetes converts them. The
/// compiled-in kinds are served as OpenAPI v3 only, from which kubectl validates and explains; kubectl reads v2 only for a
/// group version that v3 lacks (a manifest of a kind the cluster does not serve, an apiVersion Kubernetes removed). Without
/// any v2 its validation failed there with "the server could not find the requested resource"; finding no definition for
/// the kind, kubectl says what Kubernetes users read: no matches for the kind in that version.
/// </summary>
public static class OpenApiV2
{
    /// <summary>
    /// The answer to kubectl's protobuf Accept (gnostic's Document), named as Kubernetes names it: the "@" of the type
    /// kubectl asks for is no valid media type, and client-go fails on it.
    /// </summary>
    public const string ProtobufMediaType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    public static async Task WriteAsync(HttpContext context, OpenApiV2Document document)
    {
        if (context.Request.Headers.Accept.ToString().Contains("protobuf", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = ProtobufMediaType;
            context.Response.ContentLength = document.Protobuf.Length;
            await context.Response.Body.WriteAsync(document.Protobuf);
            return;
        }
        await ResponseWriter.WriteBytesAsync(context, 200, document.Json);
    }
}
