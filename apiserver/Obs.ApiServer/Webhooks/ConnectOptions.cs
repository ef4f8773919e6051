using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Obs.ApiServer.Webhooks;

/// <summary>
/// The options object of a connect request (<c>pods/exec</c>, <c>pods/attach</c>, <c>pods/portforward</c>, the proxy subresources), decoded from
/// its query as kube-apiserver decodes it: what admission webhooks are sent as the object of a CONNECT, so a policy can
/// refuse an exec by its command or container. Fields are left out as the v1 types' JSON leaves them out (false, empty),
/// except an exec's <c>command</c>, which is always there.
/// </summary>
public static class ConnectOptions
{
    public static readonly AdmissionKind Exec = new("", "v1", "PodExecOptions");
    public static readonly AdmissionKind Attach = new("", "v1", "PodAttachOptions");
    public static readonly AdmissionKind PortForward = new("", "v1", "PodPortForwardOptions");

    /// <summary>The kind and object of a connect to <paramref name="subresource"/> of a pod; null for a subresource that is no connect.</summary>
    public static (AdmissionKind Kind, JsonObject Options)? ForPod(string subresource, IQueryCollection query)
    {
        switch (subresource)
        {
            case "exec":
                var exec = Streams(Exec, query);
                exec["command"] = query.TryGetValue("command", out var command) && command.Count > 0 ? new JsonArray(command.Select(c => (JsonNode?)c).ToArray()) : null;
                return (Exec, exec);
            case "attach":
                return (Attach, Streams(Attach, query));
            case "portforward":
                var forward = Typed(PortForward);
                var ports = query["ports"].SelectMany(p => (p ?? "").Split(',')).Select(p => int.TryParse(p, out var port) ? (JsonNode?)port : null).OfType<JsonNode>().ToArray();
                if (ports.Length > 0) forward["ports"] = new JsonArray(ports);
                return (PortForward, forward);
            default:
                return null;
        }
    }

    /// <summary>
    /// A proxy request's options: PodProxyOptions, ServiceProxyOptions or NodeProxyOptions, with the path after
    /// <c>/proxy</c> (unescaped, from its leading slash on).
    /// </summary>
    public static (AdmissionKind Kind, JsonObject Options) ForProxy(string resourceKind, string path)
    {
        var kind = new AdmissionKind("", "v1", resourceKind + "ProxyOptions");
        var options = Typed(kind);
        if (path.Length > 0) options["path"] = Uri.UnescapeDataString(path);
        return (kind, options);
    }

    private static JsonObject Streams(AdmissionKind kind, IQueryCollection query)
    {
        var options = Typed(kind);
        foreach (var stream in new[] { "stdin", "stdout", "stderr", "tty" })
        {
            if (Flag(query, stream)) options[stream] = true;
        }
        if (query["container"].ToString() is { Length: > 0 } container) options["container"] = container;
        return options;
    }

    private static JsonObject Typed(AdmissionKind kind) => new() { ["kind"] = kind.Kind, ["apiVersion"] = kind.ApiVersion };

    /// <summary>A query flag as Kubernetes reads one: set unless absent, empty, <c>0</c> or <c>false</c>.</summary>
    private static bool Flag(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && values[0] is { Length: > 0 } value && value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);
}
