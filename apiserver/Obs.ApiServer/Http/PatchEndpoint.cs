using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.Api.Apply;
using Obs.Api.Objects;
using Obs.Api.Patch;
using Obs.Api.Schema;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.Http;

/// <summary>
/// PATCH in its four types, on a resource, its <c>/status</c> or its <c>/scale</c>. Server-side
/// apply (<c>application/apply-patch+yaml</c>) creates the object when it is missing.
/// </summary>
public sealed class PatchEndpoint(ObjectRegistry registry, TimeProvider time)
{
    public async Task PatchAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        var type = PatchApplier.ParseType(context.Request.ContentType);
        var body = await RequestBody.ReadBytesAsync(context.Request, context.RequestAborted);
        var options = ResourceEndpoint.WriteOptionsFor(context, query, info.Served);
        if (type == PatchType.Apply)
        {
            await ApplyAsync(context, info, query, body, options);
            return;
        }
        if (query.Force) throw ApiErrors.BadRequest("force: Forbidden: may not be specified for non-apply patch");
        var patch = RequestBody.ParseJson(body);
        if (info.Subresource == "scale")
        {
            var scaled = await registry.ModifyAsync(info.Type, info.Namespace, info.Name!, null, current =>
            {
                var scale = PatchApplier.Apply(type, ScaleSubresource.ToScale(info.Type, current), patch, null);
                return ScaleSubresource.ApplyScale(info.Type, current, scale);
            }, options with { ScaleOf = info.Served }, context.RequestAborted);
            await ResponseWriter.WriteJsonAsync(context, 200, ScaleSubresource.ToScale(info.Type, scaled));
            return;
        }
        // Custom resources have no patch strategies to merge by, and Kubernetes refuses the patch type for them.
        if (type == PatchType.StrategicMerge && info.Type.Custom is not null)
            throw new ApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        // A patch is applied to the object as the version the client addressed shows it.
        var served = info.Served;
        var schema = ApiSchema.Default.MergeSchemaFor(served);
        var patched = await registry.ModifyAsync(info.Type, info.Namespace, info.Name!, info.Subresource, current =>
        {
            var result = PatchApplier.Apply(type, ServedVersion.Out(served, current), patch, schema);
            ObjectIdentity.Check(IdentityCheck.Patch, info, result);
            // Not retried on a newer version: controllers rely on it to change an object only as they saw it.
            ObjectRegistry.RequireResourceVersion(info.Type, info.Name!, result, ObjectMeta.ResourceVersion(current));
            ObjectBodies.CheckKind(result, served.ApiVersion, served.Kind);
            FieldValidation.Check(context, result, served, query.FieldValidation);
            ObjectBodies.Prune(served, result);
            return ServedVersion.In(served, result);
        }, options, context.RequestAborted);
        await ResponseWriter.WriteJsonAsync(context, 200, ServedVersion.Out(served, patched));
    }

    private async Task ApplyAsync(HttpContext context, RequestInfo info, QueryOptions query, byte[] body, WriteOptions options)
    {
        var nameErrors = FieldManagerName.Validate(query.FieldManager, isApply: true, forceGiven: query.Force);
        if (nameErrors.Count > 0) throw ApiErrors.BadRequest(string.Join("; ", nameErrors.Select(e => e.Message)));
        var applied = RequestBody.AsObject(RequestBody.ParseJsonOrYaml(body, yamlAllowed: true));
        var served = info.Served;
        ObjectBodies.CheckKind(applied, served.ApiVersion, served.Kind);
        FieldValidation.Check(context, applied, served, query.FieldValidation);
        ObjectBodies.Prune(served, applied);
        if (ObjectMeta.Name(applied) is { } name && name != info.Name)
            throw ApiErrors.BadRequest($"the name of the object ({name}) does not match the name on the URL ({info.Name})");
        var schema = ApiSchema.Default.MergeSchemaFor(served);
        var manager = query.FieldManager!;
        var applyOptions = options with { FieldManager = manager, ManagedFieldsRecorded = true };
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (!await registry.ExistsAsync(info.Type, info.Namespace, info.Name!, context.RequestAborted))
            {
                var fresh = ServedVersion.In(served, Run(() => ServerSideApply.Apply(null, applied, manager, query.Force, schema, time.GetUtcNow(), info.Subresource)));
                fresh.Ensure("metadata")["name"] = info.Name;
                try
                {
                    var created = await registry.CreateAsync(info.Type, info.Namespace, fresh, applyOptions, context.RequestAborted);
                    await ResponseWriter.WriteJsonAsync(context, 201, ServedVersion.Out(served, created));
                    return;
                }
                catch (ApiException e) when (e.Reason == "AlreadyExists")
                {
                    continue; // created meanwhile: apply to it instead
                }
            }
            try
            {
                var updated = await registry.ModifyAsync(info.Type, info.Namespace, info.Name!, info.Subresource,
                    current =>
                    {
                        ObjectRegistry.RequireResourceVersion(info.Type, info.Name!, applied, ObjectMeta.ResourceVersion(current));
                        return ServedVersion.In(served,
                            Run(() => ServerSideApply.Apply(ServedVersion.Out(served, current), applied, manager, query.Force, schema, time.GetUtcNow(), info.Subresource)));
                    },
                    applyOptions, context.RequestAborted);
                await ResponseWriter.WriteJsonAsync(context, 200, ServedVersion.Out(served, updated));
                return;
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // deleted meanwhile: create it on the next round
            }
        }
        throw ApiErrors.Modified(info.Type, info.Name!);
    }

    /// <summary>Server-side apply errors as Kubernetes reports them: 409 with a cause per conflicting field.</summary>
    private static JsonObject Run(Func<JsonObject> apply)
    {
        try
        {
            return apply();
        }
        catch (ApplyConflictException e)
        {
            var causes = new JsonArray(e.Conflicts.Select(c => (JsonNode)new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = c.Message,
                ["field"] = c.Field,
            }).ToArray());
            throw new ApiException(409, "Conflict", e.Message, new JsonObject { ["causes"] = causes });
        }
        catch (InvalidApplyException e)
        {
            throw new ApiException(e.StatusCode, e.StatusCode == 422 ? "Invalid" : "BadRequest", e.Message);
        }
    }
}
