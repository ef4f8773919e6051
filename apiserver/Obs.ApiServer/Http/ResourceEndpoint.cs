using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.Api.Apply;
using Obs.Api.Errors;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Validation;
using Obs.ApiServer.Eviction;
using Obs.ApiServer.PortForward;
using Obs.ApiServer.Proxy;
using Obs.ApiServer.Registry;
using Obs.ApiServer.ServiceAccounts;
using Obs.ApiServer.Storage;
using Obs.ApiServer.Webhooks;

namespace Obs.ApiServer.Http;

/// <summary>The REST verbs on resources and their subresources, in Kubernetes' request and response shapes.</summary>
public sealed class ResourceEndpoint(ObjectRegistry registry, ReadEndpoint reads, WatchEndpoint watches, PatchEndpoint patches, EvictionEndpoint evictions, TokenRequestEndpoint tokens, ProxyEndpoint proxies,
    ApiServerOptions options, WebhookAdmission webhooks)
{
    public Task HandleAsync(HttpContext context, RequestInfo info)
    {
        var query = QueryOptions.From(context.Request.Query);
        if (info.Type.Namespaced && info.Namespace is null && info.Verb is not ("list" or "watch"))
            throw ApiErrors.NotFoundPath();
        UnenforcedPolicyWarning.OnSuccess(context, info);
        if (info.Served.Custom?.DeprecationWarning is { } deprecated) WarningHeader.Add(context, deprecated);
        return (info.Verb, info.Subresource) switch
        {
            ("get", null or "status" or "ephemeralcontainers") => reads.GetAsync(context, info, query),
            ("get", "scale") => GetScaleAsync(context, info),
            ("list", _) => reads.ListAsync(context, info, query),
            ("watch", _) => watches.WatchAsync(context, info, query),
            ("create", null) => CreateAsync(context, info, query),
            ("create", "binding") => BindAsync(context, info, query),
            ("create", "eviction") => evictions.EvictAsync(context, info, query),
            ("create", "token") => tokens.CreateAsync(context, info, query),
            ("update", null or "status" or "finalize" or "ephemeralcontainers") => UpdateAsync(context, info, query),
            ("update", "scale") => UpdateScaleAsync(context, info, query),
            ("patch", null or "status" or "scale" or "ephemeralcontainers") => patches.PatchAsync(context, info, query),
            ("delete", null) => DeleteAsync(context, info, query),
            ("deletecollection", null) => DeleteCollectionAsync(context, info, query),
            (_, "log") => new NodeProxy(registry, options.StreamOutputHold).HandleAsync(context, info),
            (_, "exec" or "attach") => ConnectAsync(context, info, () => new NodeProxy(registry, options.StreamOutputHold).HandleAsync(context, info)),
            (_, "portforward") when info.Type == ResourceTypes.Pod => ConnectAsync(context, info, () => new PortForwardEndpoint(registry).HandleAsync(context, info)),
            (_, "proxy") => proxies.HandleAsync(context, info),
            _ => throw ApiErrors.MethodNotSupported(info.Verb, info.Subresource is null ? info.Type.Plural : $"{info.Type.Plural}/{info.Subresource}"),
        };
    }

    public static WriteOptions WriteOptionsFor(HttpContext context, QueryOptions query, ResourceType? served = null) => new()
    {
        DryRun = query.DryRun,
        FieldManager = FieldManagerName.Resolve(query.FieldManager, context.Request.Headers.UserAgent.ToString()),
        Served = served,
        User = Auth.RequestUser.Get(context),
        Request = context,
    };

    private async Task CreateAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        if (info.Type.Custom is { Terminating: true })
            throw new ApiException(405, "MethodNotAllowed", "create not allowed while custom resource definition is terminating");
        var obj = ServedVersion.In(info.Served, await ReadCustomAwareAsync(context, info, query));
        ObjectIdentity.Check(IdentityCheck.Create, info, obj);
        var created = await registry.CreateStoredAsync(info.Type, info.Namespace, obj, WriteOptionsFor(context, query, info.Served), context.RequestAborted);
        // A stored version's response is the stored JSON with its revision (HorizontalPodAutoscalers served as v1 are converted).
        if (created.Stored is { MetadataEnd: not StoredJson.Unknown } stored && info.Served.StoredAs is null)
            await ResponseWriter.WriteStoredAsync(context, 201, stored, created.Revision);
        else await ResponseWriter.WriteJsonAsync(context, 201, ServedVersion.Out(info.Served, created.Object));
    }

    private async Task UpdateAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        var obj = ServedVersion.In(info.Served, await ReadCustomAwareAsync(context, info, query));
        ObjectIdentity.Check(IdentityCheck.Update, info, obj);
        var updated = await registry.UpdateAsync(info.Type, info.Namespace, info.Name!, info.Subresource, obj, WriteOptionsFor(context, query, info.Served), context.RequestAborted);
        await ResponseWriter.WriteJsonAsync(context, 200, ServedVersion.Out(info.Served, updated));
    }

    /// <summary>The object in a create or update body; a custom one's unknown fields are reported as its fieldValidation asks.</summary>
    private static async Task<JsonObject> ReadCustomAwareAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        var obj = await ObjectBodies.ReadAsync(context, info.Served.ApiVersion, info.Served.Kind, query);
        if (info.Served.Custom is { } custom) FieldValidation.CheckCustom(context, obj, custom, query.FieldValidation);
        return obj;
    }

    private async Task GetScaleAsync(HttpContext context, RequestInfo info)
    {
        var obj = await registry.GetAsync(info.Type, info.Namespace, info.Name!, context.RequestAborted);
        await ResponseWriter.WriteJsonAsync(context, 200, ScaleSubresource.ToScale(info.Type, obj));
    }

    private async Task UpdateScaleAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        var scale = await ObjectBodies.ReadAsync(context, "autoscaling/v1", "Scale", query);
        var wanted = ObjectMeta.ResourceVersion(scale);
        var updated = await registry.ModifyAsync(info.Type, info.Namespace, info.Name!, null, current =>
        {
            if (!string.IsNullOrEmpty(wanted) && wanted != ObjectMeta.ResourceVersion(current)) throw ApiErrors.Modified(info.Type, info.Name!);
            return ScaleSubresource.ApplyScale(info.Type, current, scale);
        }, WriteOptionsFor(context, query) with { ScaleOf = info.Served }, context.RequestAborted);
        await ResponseWriter.WriteJsonAsync(context, 200, ScaleSubresource.ToScale(info.Type, updated));
    }

    /// <summary>
    /// <c>POST pods/x/binding</c>: the scheduler's way to put a pod on a node, once. Webhooks see a CREATE of
    /// pods/binding, the Binding as its object (a mutating one may change its target); the pod's own update is not sent.
    /// </summary>
    private async Task BindAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        var binding = await ObjectBodies.ReadAsync(context, "v1", "Binding", query);
        var admitted = AdmissionAttributes.ForSubresourceCreate(info.Type, "binding", AdmissionKind.Binding, info.Namespace!, info.Name!, binding, query.DryRun, context);
        await webhooks.AdmitAsync(admitted, context.RequestAborted, () =>
        {
            var errors = ObjectValidator.ValidatePodBinding(binding);
            if (errors.Count > 0) throw ApiErrors.Invalid(info.Type, info.Name!, errors);
        });
        var node = binding.StringAt("target", "name")!;
        await registry.BindAsync(info.Type, info.Namespace, info.Name!, node, WriteOptionsFor(context, query), context.RequestAborted);
        await ResponseWriter.WriteJsonAsync(context, 201, StatusObjects.Success());
    }

    /// <summary>A connect request (exec, attach, port forwarding) is first sent to webhooks whose rules name it, as a CONNECT.</summary>
    private async Task ConnectAsync(HttpContext context, RequestInfo info, Func<Task> connect)
    {
        if (info.Type == ResourceTypes.Pod && ConnectOptions.ForPod(info.Subresource!, context.Request.Query) is (var kind, var connectOptions))
            await webhooks.AdmitAsync(AdmissionAttributes.ForConnect(info.Type, info.Subresource!, kind, info.Namespace!, info.Name!, connectOptions, context), context.RequestAborted);
        await connect();
    }

    private async Task DeleteAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        var options = await ReadDeleteOptionsAsync(context, query);
        var (obj, _) = await registry.DeleteAsync(info.Type, info.Namespace, info.Name!, options, context.RequestAborted);
        await ResponseWriter.WriteJsonAsync(context, 200, ServedVersion.Out(info.Served, obj));
    }

    private async Task DeleteCollectionAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        var options = await ReadDeleteOptionsAsync(context, query);
        var filter = SelectorFilters.Build(info.Served, info.Namespace, query.LabelSelector, query.FieldSelector);
        var items = await reads.ListFreshAsync(info.Type, filter, query, context.RequestAborted);
        foreach (var item in items)
        {
            try
            {
                await registry.DeleteAsync(info.Type, item.Key.Namespace, item.Key.Name, options, context.RequestAborted);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted meanwhile by someone else: that is what was asked.
            }
        }
        await ResponseWriter.WriteJsonAsync(context, 200, StatusObjects.Success());
    }

    private static async Task<DeleteOptions> ReadDeleteOptionsAsync(HttpContext context, QueryOptions query)
    {
        var options = DeleteOptionsFor(query) with { Request = context };
        var body = await RequestBody.ReadBytesAsync(context.Request, context.RequestAborted);
        if (body.AsSpan().Trim(" \t\r\n"u8).Length == 0) return DeleteOptionsBody.Apply(options, null);
        return DeleteOptionsBody.Apply(options, RequestBody.AsObject(RequestBody.ParseJson(body)));
    }

    /// <summary>The delete options a request's query sets.</summary>
    private static DeleteOptions DeleteOptionsFor(QueryOptions query) => new()
    {
        PropagationPolicy = query.PropagationPolicy,
        GracePeriodSeconds = query.GracePeriodSeconds,
        DryRun = query.DryRun,
    };
}
