using System.Net;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// Where pods are told the apiserver is (<c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c>): the
/// <c>kubernetes</c> Service's cluster IP and https port, as the kubelet says, but only while this
/// node's proxy really forwards that address (it may be off, or another process may hold it);
/// otherwise null, and pods are pointed at the apiserver itself. The serving certificate carries
/// the cluster IP, so a client that verifies with the mounted ca.crt accepts either.
/// </summary>
public static class KubernetesServiceAddress
{
    public const string Namespace = "default";
    public const string Name = "kubernetes";

    /// <param name="service">The <c>default/kubernetes</c> Service, if known.</param>
    /// <param name="forwards">Whether the node's proxy forwards address:port to that Service.</param>
    public static Uri? Find(JsonObject? service, Func<IPAddress, int, bool> forwards)
    {
        if (service is null || !IPAddress.TryParse(service.StringAt("spec", "clusterIP"), out var ip)) return null;
        var ports = (service.At("spec", "ports") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var https = ports.FirstOrDefault(p => p.StringAt("name") == "https") ?? (ports.Count == 1 ? ports[0] : null);
        if (https?.LongAt("port") is not { } port || !forwards(ip, (int)port)) return null;
        return new UriBuilder("https", ip.ToString(), (int)port).Uri;
    }
}
