using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.NodeAgent.Dns;

/// <summary>
/// The resolv.conf a pod gets, by its dnsPolicy, as the kubelet writes it: ClusterFirst (the
/// default) points at the cluster DNS with the Kubernetes search path and ndots:5; Default copies
/// the node's; ClusterFirst for a hostNetwork pod falls back to Default unless the policy is
/// ClusterFirstWithHostNet; None uses only dnsConfig. dnsConfig's nameservers, searches and
/// options are then merged in (options by name, the pod's value winning).
/// </summary>
public static class PodResolvConf
{
    public const int MaxNameservers = 3;
    public const int MaxSearches = 32;

    /// <param name="clusterDnsAddress">The cluster DNS server (the default port 53 is implied, as resolv.conf cannot name a port).</param>
    /// <param name="node">The node's resolver configuration (from /etc/resolv.conf).</param>
    public static string For(JsonObject pod, string clusterDnsAddress, string zone, ResolvConf node)
    {
        var ns = ObjectMeta.Namespace(pod) ?? "default";
        var policy = pod.StringAt("spec", "dnsPolicy") ?? "ClusterFirst";
        var hostNetwork = pod.BoolAt("spec", "hostNetwork") == true;
        if (policy == "ClusterFirst" && hostNetwork) policy = "Default";
        zone = DnsName.Normalize(zone);
        var (nameservers, searches, options) = policy switch
        {
            "None" => (new List<string>(), new List<string>(), new List<string>()),
            "Default" => (node.Nameservers.ToList(), node.Searches.ToList(), node.Options.ToList()),
            _ => ([clusterDnsAddress], [$"{ns}.svc.{zone}", $"svc.{zone}", zone, .. node.Searches], ["ndots:5"]),
        };
        if (pod.At("spec", "dnsConfig") is JsonObject config)
        {
            foreach (var server in Strings(config["nameservers"])) if (!nameservers.Contains(server)) nameservers.Add(server);
            foreach (var search in Strings(config["searches"])) if (!searches.Contains(search)) searches.Add(search);
            foreach (var option in (config["options"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (option.StringAt("name") is not { Length: > 0 } name) continue;
                options.RemoveAll(o => o == name || o.StartsWith(name + ":", StringComparison.Ordinal));
                options.Add(option.StringAt("value") is { Length: > 0 } value ? $"{name}:{value}" : name);
            }
        }
        return new ResolvConf([.. nameservers.Take(MaxNameservers)], [.. searches.Distinct().Take(MaxSearches)], options).Format();
    }

    private static IEnumerable<string> Strings(JsonNode? node) =>
        (node as JsonArray)?.Select(n => n?.GetValue<string>()).OfType<string>().Where(s => s.Length > 0) ?? [];
}
