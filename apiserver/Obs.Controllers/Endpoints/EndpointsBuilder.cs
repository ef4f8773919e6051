using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Hosting;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Endpoints;

/// <summary>Builds the Endpoints and EndpointSlices a Service's pods add up to.</summary>
internal static class EndpointsBuilder
{
    /// <summary>
    /// The service's ports resolved against one pod: a number as is, a name through the pod's container ports;
    /// unresolved ports are left out. A TCP port the pod's agent moved (see <see cref="AssignedPorts"/>) is
    /// where the container really listens.
    /// </summary>
    public static List<JsonObject> Ports(JsonNode svc, JsonNode pod)
    {
        var ports = new List<JsonObject>();
        if (svc.At("spec", "ports") is not JsonArray servicePorts) return ports;
        foreach (var port in servicePorts.OfType<JsonObject>())
        {
            var protocol = port.StringAt("protocol") ?? "TCP";
            long? number = port["targetPort"] switch
            {
                null => port.LongAt("port"),
                JsonValue v when v.TryGetValue<long>(out var n) => n,
                JsonValue v when v.TryGetValue<string>(out var s) => long.TryParse(s, out var parsed) ? parsed : NamedPort(pod, s, protocol),
                _ => null,
            };
            if (number is not { } declared) continue;
            var resolved = protocol == "TCP" ? AssignedPorts.Resolve(pod, declared) : declared;
            var endpointPort = new JsonObject();
            if (port.StringAt("name") is { Length: > 0 } name) endpointPort["name"] = name;
            endpointPort["port"] = resolved;
            endpointPort["protocol"] = protocol;
            if (port.StringAt("appProtocol") is { } appProtocol) endpointPort["appProtocol"] = appProtocol;
            ports.Add(endpointPort);
        }
        return ports;
    }

    private static long? NamedPort(JsonNode pod, string name, string protocol)
    {
        if (pod.At("spec", "containers") is not JsonArray containers) return null;
        foreach (var container in containers)
        {
            if (container?["ports"] is not JsonArray ports) continue;
            foreach (var p in ports)
            {
                if (p.StringAt("name") == name && (p.StringAt("protocol") ?? "TCP") == protocol) return p.LongAt("containerPort");
            }
        }
        return null;
    }

    private static bool IsHeadless(JsonNode svc) => svc.StringAt("spec", "clusterIP") == "None";

    private static JsonObject TargetRef(JsonNode pod) => new()
    {
        ["kind"] = "Pod",
        ["namespace"] = ObjectMeta.Namespace(pod),
        ["name"] = ObjectMeta.Name(pod),
        ["uid"] = ObjectMeta.Uid(pod),
    };

    private static JsonObject Address(JsonNode svc, JsonNode pod)
    {
        var address = new JsonObject { ["ip"] = pod.StringAt("status", "podIP") };
        if (pod.StringAt("spec", "hostname") is { Length: > 0 } hostname && pod.StringAt("spec", "subdomain") == ObjectMeta.Name(svc)) address["hostname"] = hostname;
        if (pod.StringAt("spec", "nodeName") is { Length: > 0 } node) address["nodeName"] = node;
        address["targetRef"] = TargetRef(pod);
        return address;
    }

    private static JsonObject Labels(JsonNode svc)
    {
        var labels = new JsonObject();
        foreach (var (k, v) in ObjectMeta.Labels(svc)) labels[k] = v;
        if (IsHeadless(svc)) labels[EndpointsController.HeadlessLabel] = "";
        return labels;
    }

    /// <summary>One subset per distinct resolved port list, addresses in IP order (a packed form of RepackSubsets).</summary>
    public static JsonObject Build(JsonObject svc, IReadOnlyList<JsonObject> pods, bool publishNotReady)
    {
        var subsets = new List<(string Ports, JsonArray PortList, JsonArray Ready, JsonArray NotReady)>();
        foreach (var pod in pods)
        {
            var ports = Ports(svc, pod);
            if (ports.Count == 0 && !(IsHeadless(svc) && svc.At("spec", "ports") is not JsonArray { Count: > 0 })) continue;
            var portKey = new JsonArray([.. ports.Select(p => p.DeepClone())]).ToJsonString();
            var index = subsets.FindIndex(s => s.Ports == portKey);
            if (index < 0)
            {
                subsets.Add((portKey, new JsonArray([.. ports]), [], []));
                index = subsets.Count - 1;
            }
            var ready = publishNotReady || PodState.IsReady(pod);
            (ready ? subsets[index].Ready : subsets[index].NotReady).Add(Address(svc, pod));
        }
        var array = new JsonArray();
        foreach (var (_, portList, readyList, notReadyList) in subsets)
        {
            var subset = new JsonObject();
            if (readyList.Count > 0) subset["addresses"] = readyList;
            if (notReadyList.Count > 0) subset["notReadyAddresses"] = notReadyList;
            if (portList.Count > 0) subset["ports"] = portList;
            array.Add(subset);
        }
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Endpoints",
            ["metadata"] = new JsonObject
            {
                ["name"] = ObjectMeta.Name(svc),
                ["namespace"] = ObjectMeta.Namespace(svc),
                ["labels"] = Labels(svc),
            },
            ["subsets"] = array,
        };
    }

    /// <summary>EndpointSlices (IPv4), one per distinct port list; always at least one, so a service with no pods has an empty slice.</summary>
    public static List<JsonObject> BuildSlices(JsonObject svc, IReadOnlyList<JsonObject> pods, bool publishNotReady)
    {
        var groups = new List<(string Key, JsonArray Ports, JsonArray Endpoints)>();
        foreach (var pod in pods)
        {
            var ports = Ports(svc, pod);
            var key = new JsonArray([.. ports.Select(p => p.DeepClone())]).ToJsonString();
            var index = groups.FindIndex(g => g.Key == key);
            if (index < 0)
            {
                groups.Add((key, new JsonArray([.. ports]), []));
                index = groups.Count - 1;
            }
            var ready = PodState.IsReady(pod);
            var terminating = ObjectMeta.DeletionTimestamp(pod) is not null;
            var endpoint = new JsonObject
            {
                ["addresses"] = new JsonArray(pod.StringAt("status", "podIP")),
                ["conditions"] = new JsonObject
                {
                    ["ready"] = (ready || publishNotReady) && !terminating,
                    ["serving"] = ready,
                    ["terminating"] = terminating,
                },
            };
            if (pod.StringAt("spec", "hostname") is { Length: > 0 } hostname && pod.StringAt("spec", "subdomain") == ObjectMeta.Name(svc)) endpoint["hostname"] = hostname;
            endpoint["targetRef"] = TargetRef(pod);
            if (pod.StringAt("spec", "nodeName") is { Length: > 0 } node) endpoint["nodeName"] = node;
            groups[index].Endpoints.Add(endpoint);
        }
        if (groups.Count == 0)
            groups.Add(("", new JsonArray([.. Ports(svc, new JsonObject())]), []));
        return [.. groups.Select(g =>
        {
            var labels = Labels(svc);
            labels[EndpointsController.ServiceNameLabel] = ObjectMeta.Name(svc);
            labels[EndpointsController.ManagedByLabel] = EndpointsController.ManagedBy;
            return new JsonObject
            {
                ["apiVersion"] = "discovery.k8s.io/v1",
                ["kind"] = "EndpointSlice",
                ["metadata"] = new JsonObject
                {
                    ["generateName"] = ObjectMeta.Name(svc) + "-",
                    ["namespace"] = ObjectMeta.Namespace(svc),
                    ["labels"] = labels,
                    ["ownerReferences"] = new JsonArray(OwnerReferences.ControllerRef(ResourceTypes.Service, svc)),
                },
                ["addressType"] = "IPv4",
                ["endpoints"] = g.Endpoints,
                ["ports"] = g.Ports,
            };
        })];
    }
}
