using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Obs.Api.Schema;
using Obs.ApiServer.Auth;
using Obs.ApiServer.Auth.Rbac;
using Obs.ApiServer.Compression;
using Obs.ApiServer.CustomResources;
using Obs.ApiServer.ControlPlane;
using Obs.ApiServer.Discovery;
using Obs.ApiServer.Metrics;
using Obs.ApiServer.Monitoring;

namespace Obs.ApiServer.Http;

/// <summary>
/// The one request handler: authenticates, routes by path (version, health, discovery, OpenAPI,
/// metrics, resources), turns every failure into a Kubernetes Status, and counts the request.
/// </summary>
public sealed class ApiDispatcher(
    TokenAuthenticator authenticator,
    RbacAuthorizer authorizer,
    ResourceEndpoint resources,
    Readiness readiness,
    ApiMetrics metrics,
    MetricsEndpoint metricsEndpoint,
    PrometheusTargets prometheusTargets,
    ClusterStateEndpoint clusterState,
    ComponentStatuses componentStatuses,
    CustomResourceCatalog customResources,
    ILogger<ApiDispatcher> logger)
{
    private const string AggregatedV2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private const string AggregatedV2Beta1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var path = context.Request.Path.Value ?? "/";
        RequestInfo? info = null;
        try
        {
            var watch = context.Request.Query["watch"] is ["true" or "1"];
            // Authorized before the path is looked up, as Kubernetes refuses a request for a resource it does not serve.
            var user = IsPublic(path) ? null
                : EndpointAuthorization.Authorize(context.Request, authenticator, authorizer, path, watch);
            // system:masters (the admin and Obs's own components) keep no user: they pass the escalation checks that read it.
            if (user is not null && !RbacAuthorizer.IsMaster(user)) RequestUser.Set(context, user);
            info = RequestInfo.Parse(path, context.Request.Method, watch, customResources.Served);
            using var inFlight = metrics.Begin(info, context.Request.Method);
            var request = info;
            Task Route() => request is not null ? resources.HandleAsync(context, request) : HandleNonResourceAsync(context, path, user);
            if (ResponseCompression.Applies(context, info)) await ResponseCompression.RunAsync(context, Route);
            else await Route();
        }
        catch (Exception e)
        {
            await RequestFailures.WriteAsync(context, e, logger, path);
        }
        finally
        {
            var verb = RequestLabels.Verb(info, context.Request.Method);
            metrics.RequestCompleted(verb, info?.Served.Group ?? "", info?.Served.Plural ?? "", context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>Paths anyone may read, as Kubernetes' public-info-viewer role allows.</summary>
    private static bool IsPublic(string path) =>
        path is "/version" or "/healthz" or "/livez" or "/readyz" || path.StartsWith("/healthz/", StringComparison.Ordinal) ||
        path.StartsWith("/livez/", StringComparison.Ordinal) || path.StartsWith("/readyz/", StringComparison.Ordinal);

    /// <param name="user">Who asked; null on the public paths.</param>
    private async Task HandleNonResourceAsync(HttpContext context, string path, UserInfo? user)
    {
        var accept = context.Request.Headers.Accept.ToString();
        var custom = customResources.Served.All;
        switch (path.TrimEnd('/'))
        {
            case "/version":
                await ResponseWriter.WriteJsonAsync(context, 200, VersionInfo.Document());
                return;
            case "/healthz" or "/livez":
                await WriteTextAsync(context, 200, "ok");
                return;
            case "/readyz":
                if (!readiness.IsReady) await WriteTextAsync(context, 500, readiness.Report());
                else if (context.Request.Query.ContainsKey("verbose")) await WriteTextAsync(context, 200, readiness.Report());
                else await WriteTextAsync(context, 200, "ok");
                return;
            case "/metrics":
                await metricsEndpoint.WriteAsync(context);
                return;
            case PrometheusTargets.ClusterStatePath:
                await clusterState.WriteAsync(context);
                return;
            case "/api":
                if (WantsAggregated(accept) is { } coreVersion)
                    await WriteDiscoveryAsync(context, DiscoveryDocuments.Aggregated(core: true, coreVersion));
                else
                    await ResponseWriter.WriteJsonAsync(context, 200, DiscoveryDocuments.ApiVersions($"{context.Request.Host}"));
                return;
            case "/apis":
                if (WantsAggregated(accept) is { } groupsVersion)
                    await WriteDiscoveryAsync(context, DiscoveryDocuments.Aggregated(core: false, groupsVersion, custom));
                else
                    await ResponseWriter.WriteJsonAsync(context, 200, DiscoveryDocuments.GroupList(custom));
                return;
            case "/api/v1":
                await ResponseWriter.WriteJsonAsync(context, 200, DiscoveryDocuments.ResourceList("", "v1")!);
                return;
            case "/openapi/v3":
                await ResponseWriter.WriteBytesAsync(context, 200, customResources.Served.OpenApi.Index());
                return;
            case "/openapi/v2":
                await OpenApiV2.WriteAsync(context, customResources.Served.OpenApi.V2);
                return;
        }
        var parts = path.Trim('/').Split('/');
        if (parts is ["prometheus", "targets", var job])
        {
            // Prometheus' http_sd_configs: a JSON array of target groups for one scrape job.
            var groups = prometheusTargets.For(job, context.Request.Host.Value ?? "") ?? throw ApiErrors.NotFoundPath();
            await ResponseWriter.WriteJsonAsync(context, 200, groups);
            return;
        }
        if (user is not null && ComponentStatuses.Serves(parts))
        {
            await componentStatuses.HandleAsync(context, parts);
            return;
        }
        if (user is not null && SelfReviews.Serves(parts))
        {
            await SelfReviews.HandleAsync(context, parts, user, authorizer, authenticator);
            return;
        }
        if (parts is ["apis", var group] && DiscoveryDocuments.Group(group, custom) is { } groupDoc)
        {
            await ResponseWriter.WriteJsonAsync(context, 200, groupDoc);
            return;
        }
        if (parts is ["apis", var g, var v] && DiscoveryDocuments.ResourceList(g, v, custom) is { } list)
        {
            await ResponseWriter.WriteJsonAsync(context, 200, list);
            return;
        }
        if (parts.Length >= 3 && parts[0] == "openapi" && parts[1] == "v3")
        {
            if (customResources.Served.OpenApi.ForGroupVersion(string.Join('/', parts[2..])) is { } doc)
            {
                await ResponseWriter.WriteBytesAsync(context, 200, doc.Json);
                return;
            }
        }
        throw ApiErrors.NotFoundPath();
    }

    /// <summary>The aggregated discovery version the client accepts first, or null for legacy discovery.</summary>
    private static string? WantsAggregated(string accept)
    {
        foreach (var part in accept.Split(','))
        {
            var p = part.Replace(" ", "", StringComparison.Ordinal);
            if (p.Contains("g=apidiscovery.k8s.io", StringComparison.Ordinal) && p.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal))
                return p.Contains("v=v2beta1", StringComparison.Ordinal) ? "apidiscovery.k8s.io/v2beta1" : "apidiscovery.k8s.io/v2";
            if (p.StartsWith("application/json", StringComparison.Ordinal) || p.StartsWith("*/*", StringComparison.Ordinal)) return null;
        }
        return null;
    }

    /// <summary>kubectl reads aggregated discovery only under its exact media type; as plain JSON it takes it for legacy discovery.</summary>
    private static Task WriteDiscoveryAsync(HttpContext context, System.Text.Json.Nodes.JsonObject doc) =>
        ResponseWriter.WriteJsonAsync(context, 200, doc,
            doc["apiVersion"]?.GetValue<string>() == "apidiscovery.k8s.io/v2beta1" ? AggregatedV2Beta1 : AggregatedV2);

    private static async Task WriteTextAsync(HttpContext context, int code, string text)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text);
    }
}
