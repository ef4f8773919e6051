namespace Obs.Dashboard.Pages.Events;

/// <summary>
/// The dashboard page of an object by kind: where events and alerts link to. Kinds without a page
/// of their own link to their YAML view.
/// </summary>
public static class ObjectPages
{
    private static readonly Dictionary<string, string> Workloads = new(StringComparer.Ordinal)
    {
        ["Deployment"] = "deployments",
        ["StatefulSet"] = "statefulsets",
        ["DaemonSet"] = "daemonsets",
        ["ReplicaSet"] = "replicasets",
        ["Job"] = "jobs",
        ["CronJob"] = "cronjobs",
    };

    public static string? Href(string kind, string? @namespace, string name)
    {
        if (name.Length == 0) return null;
        var n = Uri.EscapeDataString(name);
        var ns = @namespace is { Length: > 0 } s ? Uri.EscapeDataString(s) : null;
        return kind switch
        {
            "Node" => $"/nodes/{n}",
            "Pod" when ns is not null => $"/pods/{ns}/{n}",
            _ when ns is not null && Workloads.TryGetValue(kind, out var plural) => $"/workloads/{plural}/{ns}/{n}",
            _ => null,
        };
    }
}
