using System.Net;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ApiServer.ControlPlane;

/// <summary>
/// The <c>kubernetes</c> Service of the <c>default</c> namespace and its endpoints, as kube-apiserver
/// keeps them: port <c>https</c> 443 on the first cluster IP, to the apiservers' port; no selector,
/// so the endpoints controller leaves its EndpointSlice and Endpoints to the apiservers.
/// </summary>
public static class KubernetesServiceObjects
{
    public const string Namespace = "default";
    public const string Name = "kubernetes";
    public const string PortName = "https";
    public const int ServicePort = 443;

    private const string ServiceNameLabel = "kubernetes.io/service-name";
    private const string SkipMirrorLabel = "endpointslice.kubernetes.io/skip-mirror";

    /// <summary>Whether a Service is this one (the only Service that may hold the range's first address).</summary>
    public static bool Is(string? ns, string? name) => ns == Namespace && name == Name;

    public static JsonObject Service(IPAddress clusterIp, int targetPort) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = Metadata(new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" }),
        ["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["clusterIP"] = clusterIp.ToString(),
            ["clusterIPs"] = new JsonArray(clusterIp.ToString()),
            ["sessionAffinity"] = "None",
            ["ports"] = new JsonArray(new JsonObject { ["name"] = PortName, ["port"] = ServicePort, ["protocol"] = "TCP", ["targetPort"] = targetPort }),
        },
    };

    public static JsonObject EndpointSlice(int port, IReadOnlyList<IPAddress> addresses) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = Metadata(new JsonObject { [ServiceNameLabel] = Name }),
        ["addressType"] = "IPv4",
        ["endpoints"] = new JsonArray(addresses.Select(a => (JsonNode)new JsonObject
        {
            ["addresses"] = new JsonArray(a.ToString()),
            ["conditions"] = new JsonObject { ["ready"] = true },
        }).ToArray()),
        ["ports"] = new JsonArray(new JsonObject { ["name"] = PortName, ["port"] = port, ["protocol"] = "TCP" }),
    };

    /// <summary>The core/v1 Endpoints beside the slice, for clients that still read those; marked so nothing mirrors it into a second slice.</summary>
    public static JsonObject Endpoints(int port, IReadOnlyList<IPAddress> addresses) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Endpoints",
        ["metadata"] = Metadata(new JsonObject { [SkipMirrorLabel] = "true" }),
        ["subsets"] = addresses.Count == 0
            ? new JsonArray()
            : new JsonArray(new JsonObject
            {
                ["addresses"] = new JsonArray(addresses.Select(a => (JsonNode)new JsonObject { ["ip"] = a.ToString() }).ToArray()),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = PortName, ["port"] = port, ["protocol"] = "TCP" }),
            }),
    };

    /// <summary>
    /// Puts back what an edit changed of the Service's shape (type, ports, no selector, its labels)
    /// and leaves the rest (other labels, annotations) as the user has it.
    /// </summary>
    public static JsonObject RepairService(JsonObject current, JsonObject desired)
    {
        MergeLabels(current, desired);
        var spec = current.Ensure("spec");
        var wanted = desired.Ensure("spec");
        spec["type"] = wanted["type"]!.DeepClone();
        spec["ports"] = wanted["ports"]!.DeepClone();
        spec.Remove("selector");
        spec.Remove("externalName");
        if (string.IsNullOrEmpty(spec.StringAt("clusterIP")))
        {
            spec["clusterIP"] = wanted["clusterIP"]!.DeepClone();
            spec["clusterIPs"] = wanted["clusterIPs"]!.DeepClone();
        }
        return current;
    }

    /// <summary>The slice's endpoints and ports are the apiservers' alone: they are replaced whole.</summary>
    public static JsonObject RepairEndpointSlice(JsonObject current, JsonObject desired) =>
        Replace(current, desired, "addressType", "endpoints", "ports");

    public static JsonObject RepairEndpoints(JsonObject current, JsonObject desired) => Replace(current, desired, "subsets");

    private static JsonObject Replace(JsonObject current, JsonObject desired, params string[] fields)
    {
        MergeLabels(current, desired);
        foreach (var field in fields) current[field] = desired[field]?.DeepClone();
        return current;
    }

    private static void MergeLabels(JsonObject current, JsonObject desired)
    {
        var labels = current.Ensure("metadata").Ensure("labels");
        foreach (var (key, value) in desired.At("metadata", "labels").StringMap()) labels[key] = value;
    }

    private static JsonObject Metadata(JsonObject labels) => new() { ["name"] = Name, ["namespace"] = Namespace, ["labels"] = labels };
}
