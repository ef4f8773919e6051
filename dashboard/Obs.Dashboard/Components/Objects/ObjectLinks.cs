using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Dashboard.Components.Objects;

/// <summary>Where the dashboard shows an object of a kind: the detail page of the areas that have one (events, alerts and owners link there).</summary>
public static class ObjectLinks
{
    private static readonly Dictionary<string, string> Areas = new(StringComparer.Ordinal)
    {
        ["Deployment"] = "/workloads/deployments",
        ["StatefulSet"] = "/workloads/statefulsets",
        ["DaemonSet"] = "/workloads/daemonsets",
        ["ReplicaSet"] = "/workloads/replicasets",
        ["ReplicationController"] = "/workloads/replicationcontrollers",
        ["Job"] = "/workloads/jobs",
        ["CronJob"] = "/workloads/cronjobs",
        ["Pod"] = "/pods",
        ["Service"] = "/services",
    };

    /// <summary>The page of an object (a namespaced one needs its namespace), or null when the dashboard has no page for its kind.</summary>
    public static string? For(string? kind, string? @namespace, string? name)
    {
        if (kind is null || string.IsNullOrEmpty(name)) return null;
        if (kind == "Node") return $"/nodes/{Uri.EscapeDataString(name)}";
        return Areas.TryGetValue(kind, out var area) && !string.IsNullOrEmpty(@namespace)
            ? $"{area}/{Uri.EscapeDataString(@namespace)}/{Uri.EscapeDataString(name)}"
            : null;
    }

    /// <summary>
    /// The YAML page of an object (Pages/Apply/YamlPage: read with the user's token, edited against its resourceVersion),
    /// or null when its kind is not one the API serves.
    /// </summary>
    public static string? YamlFor(JsonObject obj)
    {
        var kind = obj.StringAt("kind");
        var apiVersion = obj.StringAt("apiVersion");
        var name = ObjectMeta.Name(obj);
        var type = ResourceTypes.All.FirstOrDefault(t => t.Kind == kind && (apiVersion is null || t.ApiVersion == apiVersion));
        if (type is null || string.IsNullOrEmpty(name)) return null;
        var path = "/yaml/" + Uri.EscapeDataString(type.Plural);
        if (type.Namespaced && ObjectMeta.Namespace(obj) is { Length: > 0 } ns) path += "/" + Uri.EscapeDataString(ns);
        return path + "/" + Uri.EscapeDataString(name);
    }
}
