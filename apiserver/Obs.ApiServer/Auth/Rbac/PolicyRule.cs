using System.Text.Json.Nodes;

namespace Obs.ApiServer.Auth.Rbac;

/// <summary>One rule of a Role or ClusterRole: verbs on resources of API groups (optionally by name), or verbs on non-resource URLs.</summary>
public sealed record PolicyRule(string[] Verbs, string[] ApiGroups, string[] Resources, string[] ResourceNames, string[] NonResourceUrls)
{
    public static PolicyRule Resource(string[] verbs, string[] apiGroups, string[] resources, string[]? resourceNames = null) =>
        new(verbs, apiGroups, resources, resourceNames ?? [], []);

    public static PolicyRule NonResource(string[] verbs, string[] urls) => new(verbs, [], [], [], urls);

    public static PolicyRule FromJson(JsonNode? node) => new(
        Strings(node?["verbs"]), Strings(node?["apiGroups"]), Strings(node?["resources"]),
        Strings(node?["resourceNames"]), Strings(node?["nonResourceURLs"]));

    public JsonObject ToJson()
    {
        var rule = new JsonObject();
        if (ApiGroups.Length > 0 || Resources.Length > 0) rule["apiGroups"] = Array(ApiGroups);
        if (Resources.Length > 0) rule["resources"] = Array(Resources);
        if (ResourceNames.Length > 0) rule["resourceNames"] = Array(ResourceNames);
        if (NonResourceUrls.Length > 0) rule["nonResourceURLs"] = Array(NonResourceUrls);
        rule["verbs"] = Array(Verbs);
        return rule;
    }

    /// <summary>Whether this rule grants the request, as Kubernetes' RBAC matches rules.</summary>
    public bool Allows(AccessRequest request)
    {
        if (!Has(Verbs, request.Verb)) return false;
        if (!request.IsResource) return NonResourceUrls.Any(u => u == "*" || u == request.Path || u.EndsWith('*') && request.Path.StartsWith(u[..^1], StringComparison.Ordinal));
        if (!Has(ApiGroups, request.ApiGroup)) return false;
        if (!AllowsResource(request.Resource, request.Subresource)) return false;
        return ResourceNames.Length == 0 || request.Name.Length > 0 && ResourceNames.Contains(request.Name);
    }

    /// <summary><c>*</c> is every resource and subresource; <c>*/scale</c> a subresource of any; <c>pods/*</c> every subresource of pods.</summary>
    private bool AllowsResource(string resource, string subresource)
    {
        var combined = subresource.Length == 0 ? resource : $"{resource}/{subresource}";
        foreach (var r in Resources)
        {
            if (r == "*" || r == combined) return true;
            if (subresource.Length > 0 && (r == $"*/{subresource}" || r == $"{resource}/*")) return true;
        }
        return false;
    }

    private static bool Has(string[] values, string value)
    {
        foreach (var v in values) if (v == "*" || v == value) return true;
        return false;
    }

    /// <summary>The strings of an array; "" stays (it is the core API group).</summary>
    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()] : [];

    private static JsonArray Array(string[] values) => new([.. values.Select(v => (JsonNode)v)]);
}
