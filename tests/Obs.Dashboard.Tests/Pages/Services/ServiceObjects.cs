using System.Text.Json.Nodes;
using Obs.Dashboard.Tests.Components;

namespace Obs.Dashboard.Tests.Pages.Services;

/// <summary>Services and EndpointSlices as the apiserver and the endpoints controller store them.</summary>
public static class ServiceObjects
{
    public static JsonObject Service(string ns, string name, JsonObject? annotations = null, int nodePort = 0)
    {
        var meta = CachedObjects.Meta(ns, name, TimeSpan.FromHours(2));
        if (annotations is not null) meta["annotations"] = annotations;
        var port = new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = 8080, ["protocol"] = "TCP" };
        if (nodePort > 0) port["nodePort"] = nodePort;
        return new JsonObject
        {
            ["metadata"] = meta,
            ["spec"] = new JsonObject
            {
                ["type"] = nodePort > 0 ? "NodePort" : "ClusterIP",
                ["clusterIP"] = "127.77.0.20",
                ["selector"] = new JsonObject { ["app"] = name },
                ["ports"] = new JsonArray(port),
            },
        };
    }

    /// <summary>A slice for the service with one endpoint per (pod, ready) pair.</summary>
    public static JsonObject Slice(string ns, string service, params (string Pod, string Address, bool Ready)[] endpoints)
    {
        var meta = CachedObjects.Meta(ns, service + "-abcde", TimeSpan.FromHours(1));
        meta["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service };
        return new JsonObject
        {
            ["metadata"] = meta,
            ["addressType"] = "IPv4",
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 8080, ["protocol"] = "TCP" }),
            ["endpoints"] = new JsonArray(endpoints.Select(e => (JsonNode)new JsonObject
            {
                ["addresses"] = new JsonArray(e.Address),
                ["conditions"] = new JsonObject { ["ready"] = e.Ready },
                ["nodeName"] = "node-1",
                ["targetRef"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = ns, ["name"] = e.Pod },
            }).ToArray()),
        };
    }
}
