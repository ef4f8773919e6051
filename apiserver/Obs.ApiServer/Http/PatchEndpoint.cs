using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.Api.Objects;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.Http;

/// <summary>PATCH in its four types, on a resource, its <c>/status</c> or its <c>/scale</c>.</summary>
public sealed class PatchEndpoint(ObjectRegistry registry)
{
    public async Task PatchAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        var mediaType = MediaTypes.Essence(context.Request.ContentType);
        var body = await RequestBody.ReadBytesAsync(context.Request, context.RequestAborted);
        var options = ResourceEndpoint.WriteOptionsFor(context, query);
        if (info.Subresource == "scale")
        {
            var scaled = await registry.ModifyAsync(info.Type, info.Namespace, info.Name!, null, current =>
            {
                var scale = PatchApplier.Apply(mediaType, ScaleSubresource.ToScale(current), body, null);
                return ScaleSubresource.ApplyScale(info.Type, current, scale);
            }, options, context.RequestAborted);
            await ResponseWriter.WriteJsonAsync(context, 200, ScaleSubresource.ToScale(scaled));
            return;
        }
        var schema = PatchApplier.SchemaFor(info.Type);
        var patched = await registry.ModifyAsync(info.Type, info.Namespace, info.Name!, info.Subresource, current =>
        {
            var result = PatchApplier.Apply(mediaType, current, body, schema);
            ObjectBodies.CheckKind(result, info.Type.ApiVersion, info.Type.Kind);
            return result;
        }, options, context.RequestAborted);
        await ResponseWriter.WriteJsonAsync(context, 200, patched);
    }
}
