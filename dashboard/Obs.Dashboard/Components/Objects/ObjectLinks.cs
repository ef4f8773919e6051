namespace Obs.Dashboard.Components.Objects;

/// <summary>Where the dashboard shows an object of a kind: the detail page of the areas that have one.</summary>
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
    };

    /// <summary>The page of a namespaced object, or null when the dashboard has no page for its kind.</summary>
    public static string? For(string? kind, string? @namespace, string? name) =>
        kind is not null && Areas.TryGetValue(kind, out var area) && !string.IsNullOrEmpty(@namespace) && !string.IsNullOrEmpty(name)
            ? $"{area}/{Uri.EscapeDataString(@namespace)}/{Uri.EscapeDataString(name)}"
            : null;
}
