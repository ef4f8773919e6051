using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.Api.Errors;
using Obs.Api.Objects;
using Obs.ApiServer.Http;
using Obs.ApiServer.Registry;
using Obs.ApiServer.Webhooks;

namespace Obs.ApiServer.Eviction;

/// <summary>
/// <c>POST pods/{name}/eviction</c> with a policy/v1 (or v1beta1) <c>Eviction</c>: what
/// <c>kubectl drain</c> sends for every pod it moves. Answers 201 with a success Status, or the
/// budget's refusal (429) for the client to retry.
/// </summary>
public sealed class EvictionEndpoint(PodEviction evictions, WebhookAdmission webhooks)
{
    private static readonly string[] Versions = ["policy/v1", "policy/v1beta1"];

    public async Task EvictAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        var eviction = await ObjectBodies.ReadAsync(context, Versions, "Eviction", query);
        if (ObjectMeta.Name(eviction) != info.Name)
            throw ApiErrors.BadRequest("name in URL does not match name in Eviction object");
        if (ObjectMeta.Namespace(eviction) is { Length: > 0 } ns && ns != info.Namespace)
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        // Webhooks see a CREATE of pods/eviction, the Eviction as its object; a mutating one may change its delete options.
        var admitted = AdmissionAttributes.ForSubresourceCreate(info.Type, "eviction", AdmissionKind.Eviction, info.Namespace!, info.Name!, eviction,
            OptionsOf(eviction, query).DryRun, context);
        await webhooks.AdmitAsync(admitted, context.RequestAborted, () => OptionsOf(eviction, query));
        var options = OptionsOf(eviction, query);
        await evictions.EvictAsync(info.Namespace!, info.Name!, options, context.RequestAborted);
        var done = StatusObjects.Success();
        done["code"] = 201;
        await ResponseWriter.WriteJsonAsync(context, 201, done);
    }

    /// <summary>The query carries only the create options (dryRun); grace period and preconditions come with the Eviction.</summary>
    private static DeleteOptions OptionsOf(JsonObject eviction, QueryOptions query)
    {
        if (eviction["deleteOptions"] is not null and not JsonObject)
            throw ApiErrors.BadRequest("deleteOptions: Invalid value: must be an object");
        return DeleteOptionsBody.Apply(new DeleteOptions { DryRun = query.DryRun }, eviction["deleteOptions"] as JsonObject);
    }
}
