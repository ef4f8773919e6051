using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Auth;
using Obs.ApiServer.Auth.Rbac;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Discovery;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.ResourceMetrics;

/// <summary>
/// <c>/apis/metrics.k8s.io/v1beta1</c> as metrics-server serves it: NodeMetrics and PodMetrics,
/// list and get, with label and field selectors, joined with the Nodes and Pods that exist now
/// (their labels, and nothing for an object that is gone). CPU is written in nanocores and memory
/// in Ki, the forms kubectl top and the HPA controller read. Authorized by RBAC as Kubernetes authorizes an
/// aggregated API: <c>get</c>/<c>list</c> on <c>pods</c> or <c>nodes</c> in the group <c>metrics.k8s.io</c> (the
/// default <c>view</c>, <c>edit</c> and <c>admin</c> roles hold pods, so a namespace's viewers see its pods' usage;
/// node usage needs a ClusterRole with nodes), and the discovery documents as the paths they are.
/// </summary>
public sealed class ResourceMetricsEndpoint(TokenAuthenticator authenticator, RbacAuthorizer authorizer, ResourceMetricsStore store, WatchCache cache, ILogger<ResourceMetricsEndpoint> logger)
{
    public const string PathPrefix = "/apis/" + MetricsResources.Group;

    /// <param name="context">A request whose path starts with <see cref="PathPrefix"/> (the prefix moved to PathBase).</param>
    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        try
        {
            EndpointAuthorization.Authorize(context.Request, authenticator, authorizer, PathPrefix + path, context.Request.Query["watch"] is ["true" or "1"]);
            var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
                throw ApiErrors.MethodNotSupported(context.Request.Method.ToLowerInvariant(), MetricsResources.Group);
            var document = parts switch
            {
                [] => DiscoveryDocuments.Group(MetricsResources.Group),
                [MetricsResources.Version] => DiscoveryDocuments.ResourceList(MetricsResources.Group, MetricsResources.Version),
                [MetricsResources.Version, "nodes"] => Nodes(context, null),
                [MetricsResources.Version, "nodes", var name] => Nodes(context, name),
                [MetricsResources.Version, "pods"] => Pods(context, null, null),
                [MetricsResources.Version, "namespaces", var ns, "pods"] => Pods(context, ns, null),
                [MetricsResources.Version, "namespaces", var ns, "pods", var name] => Pods(context, ns, name),
                _ => null,
            };
            if (context.Request.Query["watch"] is ["true" or "1"]) throw ApiErrors.MethodNotSupported("watch", MetricsResources.Group);
            await ResponseWriter.WriteJsonAsync(context, 200, document ?? throw ApiErrors.NotFoundPath());
        }
        catch (Exception e)
        {
            await RequestFailures.WriteAsync(context, e, logger, PathPrefix + path);
        }
    }

    private JsonObject Nodes(HttpContext context, string? name)
    {
        var nodes = Select(context, ResourceTypes.Node, null, name);
        var items = new JsonArray();
        foreach (var node in nodes)
        {
            var nodeName = node.Key.Name;
            if (store.Node(nodeName) is not { CpuNanoCores: { } cpu, MemoryBytes: { } memory } usage) continue;
            items.Add(new JsonObject
            {
                ["metadata"] = Metadata(node, usage.Timestamp),
                ["timestamp"] = Time(usage.Timestamp),
                ["window"] = Window(usage.Window),
                ["usage"] = Usage(cpu, memory),
            });
        }
        return Result(MetricsResources.NodeMetrics, name, items);
    }

    private JsonObject Pods(HttpContext context, string? ns, string? name)
    {
        var pods = Select(context, ResourceTypes.Pod, ns, name);
        var items = new JsonArray();
        foreach (var pod in pods)
        {
            if (store.Pod(pod.Key.Namespace, pod.Key.Name) is not { } usage) continue;
            items.Add(new JsonObject
            {
                ["metadata"] = Metadata(pod, usage.Timestamp),
                ["timestamp"] = Time(usage.Timestamp),
                ["window"] = Window(usage.Window),
                ["containers"] = new JsonArray(usage.Containers.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Name,
                    ["usage"] = Usage(c.CpuNanoCores, c.MemoryBytes),
                }).ToArray()),
            });
        }
        return Result(MetricsResources.PodMetrics, name, items);
    }

    /// <summary>The Nodes or Pods the request selects, from the watch cache (one by name for a get).</summary>
    private List<CachedObject> Select(HttpContext context, ResourceType type, string? ns, string? name)
    {
        if (name is not null)
        {
            var found = cache.Get(Registry.ObjectRegistry.KeyOf(type, ns, name));
            return found is null ? [] : [found];
        }
        var filter = SelectorFilters.Build(type, ns, context.Request.Query["labelSelector"].ToString(), context.Request.Query["fieldSelector"].ToString());
        return cache.List(type.GroupResource, filter).Items;
    }

    private static JsonObject Result(ResourceType type, string? name, JsonArray items)
    {
        if (name is not null)
        {
            if (items.Count == 0) throw ApiErrors.NotFound(type, name);
            var item = items[0]!.AsObject();
            items.RemoveAt(0);
            return Typed(type.Kind, item);
        }
        return new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = MetricsResources.ApiVersion,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject Typed(string kind, JsonObject item)
    {
        var typed = new JsonObject { ["kind"] = kind, ["apiVersion"] = MetricsResources.ApiVersion };
        foreach (var (key, value) in item.ToList())
        {
            item.Remove(key);
            typed[key] = value;
        }
        return typed;
    }

    private static JsonObject Metadata(CachedObject obj, DateTimeOffset timestamp)
    {
        var metadata = new JsonObject { ["name"] = obj.Key.Name };
        if (obj.Key.Namespace.Length > 0) metadata["namespace"] = obj.Key.Namespace;
        // metrics-server stamps the object with the time it was measured.
        metadata["creationTimestamp"] = Time(timestamp);
        // Only the labels are parsed, from their bytes in the cached object: not the whole pod or node.
        if (JsonPathReader.RawValue(obj.JsonWithoutFieldSets.Span, "metadata", "labels") is [(byte)'{', ..] labels) metadata["labels"] = JsonNode.Parse(labels);
        return metadata;
    }

    private static JsonObject Usage(long cpuNanoCores, long memoryBytes) => new()
    {
        ["cpu"] = $"{cpuNanoCores.ToString(CultureInfo.InvariantCulture)}n",
        ["memory"] = Memory(memoryBytes),
    };

    /// <summary>A binary quantity as Kubernetes writes it: whole Ki when it divides evenly, bytes otherwise.</summary>
    public static string Memory(long bytes) =>
        bytes % 1024 == 0 ? $"{(bytes / 1024).ToString(CultureInfo.InvariantCulture)}Ki" : bytes.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A Go duration (<c>15.012s</c>), as metav1.Duration reads it.</summary>
    public static string Window(TimeSpan window) => $"{Math.Round(window.TotalSeconds, 3).ToString(CultureInfo.InvariantCulture)}s";
}
