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
}
