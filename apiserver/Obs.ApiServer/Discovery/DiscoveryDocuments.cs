using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.ApiServer.Auth;
using Obs.ApiServer.ControlPlane;
using Obs.ApiServer.ResourceMetrics;

namespace Obs.ApiServer.Discovery;

/// <summary>
/// The discovery documents kubectl reads first: aggregated (<c>apidiscovery.k8s.io</c> v2 and
/// v2beta1) and legacy (<c>APIVersions</c>, <c>APIGroupList</c>, <c>APIResourceList</c>).
/// The compiled-in resources are fixed; the custom ones a request passes (<c>custom</c>, what the
/// CustomResourceDefinitions serve at that moment) come after them.
/// </summary>
public static class DiscoveryDocuments
{
    private static readonly string[] Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static JsonObject Aggregated(bool core, string apiVersion, IReadOnlyList<ResourceType>? custom = null)
    {
        var items = new JsonArray();
        foreach (var group in Groups(custom).Where(g => (g.Key.Length == 0) == core))
        {
            var versions = new JsonArray();
            foreach (var version in group.GroupBy(r => r.Version))
            {
                versions.Add(new JsonObject
                {
                    ["version"] = version.Key,
                    ["resources"] = new JsonArray(version.Select(r => (JsonNode)AggregatedResource(r)).ToArray()),
                    ["freshness"] = "Current",
                });
            }
            items.Add(new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = group.Key, ["creationTimestamp"] = null },
                ["versions"] = versions,
            });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = apiVersion,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(IReadOnlyList<ResourceType>? custom = null) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(Groups(custom).Where(g => g.Key.Length > 0).Select(g => (JsonNode)Group(g.Key, custom)!).ToArray()),
    };

    /// <summary>The <c>APIGroup</c> at <c>/apis/{group}</c>, or null when the group is not served.</summary>
    public static JsonObject? Group(string name, IReadOnlyList<ResourceType>? custom = null)
    {
        var versions = ListedWith(custom).Where(r => r.Group == name).Select(r => r.Version).Distinct().ToList();
        if (versions.Count == 0 || name.Length == 0) return null;
        JsonObject Version(string v) => new() { ["groupVersion"] = $"{name}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = name,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)Version(v)).ToArray()),
            ["preferredVersion"] = Version(versions[0]),
        };
    }

    /// <summary>The <c>APIResourceList</c> of a group/version, or null when it is not served.</summary>
    public static JsonObject? ResourceList(string group, string version, IReadOnlyList<ResourceType>? custom = null)
    {
        var resources = ListedWith(custom).Where(r => r.Group == group && r.Version == version).ToList();
        if (resources.Count == 0) return null;
        var list = new JsonArray();
        foreach (var r in resources)
        {
            var entry = new JsonObject
            {
                ["name"] = r.Plural,
                ["singularName"] = r.Singular,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = Strings(VerbsOf(r)),
            };
            if (r.ShortNames.Count > 0) entry["shortNames"] = Strings(r.ShortNames);
            if (r.Categories.Count > 0) entry["categories"] = Strings(r.Categories);
            list.Add(entry);
            foreach (var sub in r.Subresources)
            {
                var (g, v, kind) = SubresourceKind(r, sub);
                var subEntry = new JsonObject
                {
                    ["name"] = $"{r.Plural}/{sub}",
                    ["singularName"] = "",
                    ["namespaced"] = r.Namespaced,
                    ["kind"] = kind,
                    ["verbs"] = Strings(SubresourceVerbs(sub)),
                };
                if (g != r.Group || v != r.Version)
                {
                    subEntry["group"] = g;
                    subEntry["version"] = v;
                }
                list.Add(subEntry);
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = list,
        };
    }

    private static JsonObject AggregatedResource(ResourceType r)
    {
        var entry = new JsonObject
        {
            ["resource"] = r.Plural,
            ["responseKind"] = Kind(r.Group, r.Version, r.Kind),
            ["scope"] = r.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = r.Singular,
            ["verbs"] = Strings(VerbsOf(r)),
        };
        if (r.ShortNames.Count > 0) entry["shortNames"] = Strings(r.ShortNames);
        if (r.Categories.Count > 0) entry["categories"] = Strings(r.Categories);
        if (r.Subresources.Count > 0)
        {
            entry["subresources"] = new JsonArray(r.Subresources.Select(sub =>
            {
                var (g, v, kind) = SubresourceKind(r, sub);
                return (JsonNode)new JsonObject
                {
                    ["subresource"] = sub,
                    ["responseKind"] = Kind(g, v, kind),
                    ["verbs"] = Strings(SubresourceVerbs(sub)),
                };
            }).ToArray());
        }
        return entry;
    }

    private static (string Group, string Version, string Kind) SubresourceKind(ResourceType r, string sub) => sub switch
    {
        "scale" => ("autoscaling", "v1", "Scale"),
        "status" or "finalize" => (r.Group, r.Version, r.Kind),
        "binding" => ("", "v1", "Binding"),
        "eviction" => ("policy", "v1", "Eviction"),
        "token" => ("authentication.k8s.io", "v1", "TokenRequest"),
        "exec" or "attach" or "portforward" => ("", "v1", "PodExecOptions".Replace("Exec", sub == "exec" ? "Exec" : sub == "attach" ? "Attach" : "PortForward", StringComparison.Ordinal)),
        "proxy" => ("", "v1", r.Kind + "ProxyOptions"),
        _ => (r.Group, r.Version, r.Kind),
    };

    private static string[] SubresourceVerbs(string sub) => sub switch
    {
        "status" or "scale" or "ephemeralcontainers" => ["get", "patch", "update"],
        "finalize" => ["update"],
        "log" => ["get"],
        "exec" or "attach" or "portforward" => ["create", "get"],
        "binding" or "eviction" or "token" => ["create"],
        "proxy" => ["create", "delete", "get", "patch", "update"],
        _ => ["get"],
    };

    private static JsonObject Kind(string group, string version, string kind) => new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static IEnumerable<IGrouping<string, ResourceType>> Groups(IReadOnlyList<ResourceType>? custom) => ListedWith(custom).GroupBy(r => r.Group);

    private static IEnumerable<ResourceType> ListedWith(IReadOnlyList<ResourceType>? custom) =>
        custom is null or { Count: 0 } ? Listed : Listed.Concat(custom);

    /// <summary>
    /// The stored resources, then those served from memory: componentstatuses (<see cref="ComponentStatuses"/>), the reviews
    /// a client asks about itself (<see cref="SelfReviews"/>) and, last, metrics.k8s.io (<see cref="ResourceMetricsEndpoint"/>).
    /// </summary>
    private static readonly IReadOnlyList<ResourceType> Listed = [.. ResourceTypes.Served, ComponentStatuses.Type, .. SelfReviews.Types, .. MetricsResources.All];

    private static IReadOnlyList<string> VerbsOf(ResourceType r) =>
        MetricsResources.Contains(r) ? MetricsResources.Verbs
        : r == ComponentStatuses.Type ? ComponentStatuses.Verbs
        : SelfReviews.Types.Contains(r) ? SelfReviews.Verbs
        : Verbs;
}
