using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;

namespace Obs.ApiServer.Monitoring;

/// <summary>
/// Prometheus HTTP service discovery (<c>http_sd_configs</c>) from the watch cache: one list of
/// target groups per scrape job, named as the public mixins expect their jobs. Node agents are
/// found from their Node objects (InternalIP and the agent port), the apiserver and its
/// cluster-state metrics from the address Prometheus reached it at, and pods from their
/// <c>prometheus.io/*</c> annotations.
/// </summary>
public sealed class PrometheusTargets(WatchCache cache)
{
    public const string ClusterStatePath = "/metrics/cluster-state";

    /// <summary>Each job and the metrics path it scrapes (pods name their own).</summary>
    public static readonly IReadOnlyDictionary<string, string> Jobs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["node"] = "/metrics/node",
        ["kubelet"] = "/metrics",
        ["cadvisor"] = "/metrics/cadvisor",
        ["apiserver"] = "/metrics",
        ["kube-state-metrics"] = ClusterStatePath,
        ["kubernetes-pods"] = "/metrics",
    };

    /// <summary>The target groups of <paramref name="job"/>; null for a job that does not exist.</summary>
    /// <param name="apiserverAddress">host:port Prometheus used to reach this apiserver.</param>
    public JsonArray? For(string job, string apiserverAddress) => job switch
    {
        "node" or "kubelet" or "cadvisor" => NodeAgents(Jobs[job]),
        "apiserver" or "kube-state-metrics" => [Group([apiserverAddress], new JsonObject { ["__metrics_path__"] = Jobs[job], ["__scheme__"] = "https" })],
        "kubernetes-pods" => AnnotatedPods(),
        _ => null,
    };

    private JsonArray NodeAgents(string path)
    {
        var groups = new JsonArray();
        foreach (var node in cache.List(ResourceTypes.Node.GroupResource, WatchFilter.Everything).Items)
        {
            var obj = node.ToMutable();
            var address = (obj.At("status", "addresses") as JsonArray ?? []).FirstOrDefault(a => a.StringAt("type") == "InternalIP").StringAt("address");
            var port = obj.LongAt("status", "daemonEndpoints", "kubeletEndpoint", "Port");
            if (address is null || port is not > 0) continue;
            groups.Add(Group([HostPort(address, port.Value)], new JsonObject
            {
                ["__metrics_path__"] = path,
                ["__scheme__"] = "https",
                ["node"] = node.Key.Name,
            }));
        }
        return groups;
    }

    private JsonArray AnnotatedPods()
    {
        var groups = new JsonArray();
        foreach (var pod in cache.List(ResourceTypes.Pod.GroupResource, WatchFilter.Everything).Items)
        {
            var obj = pod.ToMutable();
            if (obj.StringAt("metadata", "annotations", "prometheus.io/scrape") != "true") continue;
            if (obj.StringAt("status", "phase") != "Running" || obj.StringAt("status", "podIP") is not { Length: > 0 } ip) continue;
            var port = obj.StringAt("metadata", "annotations", "prometheus.io/port") is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                ? p
                : FirstContainerPort(obj);
            if (port is not > 0) continue;
            groups.Add(Group([HostPort(ip, port.Value)], new JsonObject
            {
                ["__metrics_path__"] = obj.StringAt("metadata", "annotations", "prometheus.io/path") ?? "/metrics",
                ["__scheme__"] = obj.StringAt("metadata", "annotations", "prometheus.io/scheme") ?? "http",
                ["namespace"] = pod.Key.Namespace,
                ["pod"] = pod.Key.Name,
                ["node"] = obj.StringAt("spec", "nodeName") ?? "",
            }));
        }
        return groups;
    }

    private static long? FirstContainerPort(JsonObject pod) =>
        (pod.At("spec", "containers") as JsonArray ?? []).SelectMany(c => c?["ports"] as JsonArray ?? []).Select(p => p.LongAt("containerPort")).FirstOrDefault(p => p > 0);

    private static string HostPort(string host, long port) =>
        (host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);

    private static JsonObject Group(string[] targets, JsonObject labels) => new()
    {
        ["targets"] = new JsonArray(targets.Select(t => (JsonNode)t).ToArray()),
        ["labels"] = labels,
    };
}
