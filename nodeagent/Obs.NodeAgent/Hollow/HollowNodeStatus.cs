using System.Globalization;
using System.Text.Json.Nodes;
using Obs.NodeAgent.Node;

namespace Obs.NodeAgent.Hollow;

/// <summary>
/// A hollow node as the API sees it: the configured capacity (all of it allocatable), Ready and
/// no pressure, a pod CIDR, nodeInfo that says it is hollow. Pure, so the shape is tested alone.
/// </summary>
internal static class HollowNodeStatus
{
    public const string HollowLabel = "obs.dev/hollow";
    public const string RuntimeVersion = "obs-hollow://0.1.0";

    public static JsonObject Node(HollowNode node) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject
        {
            ["name"] = node.Name,
            ["labels"] = Labels(node),
        },
        ["spec"] = new JsonObject
        {
            ["podCIDR"] = node.PodCidr,
            ["podCIDRs"] = new JsonArray(node.PodCidr),
        },
    };

    public static JsonObject Labels(HollowNode node) => new()
    {
        ["kubernetes.io/hostname"] = node.Name,
        ["kubernetes.io/os"] = "linux",
        ["kubernetes.io/arch"] = "amd64",
        ["beta.kubernetes.io/os"] = "linux",
        ["beta.kubernetes.io/arch"] = "amd64",
        [HollowLabel] = "true",
    };

    public static JsonObject Status(HollowOptions options, HollowNode node, DateTimeOffset now, DateTimeOffset since)
    {
        JsonObject Resources() => new()
        {
            ["cpu"] = options.Cpu,
            ["memory"] = options.Memory,
            ["pods"] = options.MaxPods.ToString(CultureInfo.InvariantCulture),
            ["ephemeral-storage"] = options.EphemeralStorage,
        };
        return new JsonObject
        {
            ["capacity"] = Resources(),
            ["allocatable"] = Resources(),
            ["conditions"] = Conditions(now, since),
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = node.Address },
                new JsonObject { ["type"] = "Hostname", ["address"] = node.Name }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
            ["nodeInfo"] = new JsonObject
            {
                ["machineID"] = node.Name,
                ["systemUUID"] = node.Name,
                ["bootID"] = node.Name,
                ["kernelVersion"] = "hollow",
                ["osImage"] = "hollow node",
                ["containerRuntimeVersion"] = RuntimeVersion,
                ["kubeletVersion"] = NodeStatusBuilder.KubeletVersion,
                ["kubeProxyVersion"] = "",
                ["operatingSystem"] = "linux",
                ["architecture"] = "amd64",
            },
        };
    }

    /// <summary>The four conditions the kubelet posts; a hollow node never feels pressure.</summary>
    public static JsonArray Conditions(DateTimeOffset now, DateTimeOffset since)
    {
        JsonNode Condition(string type, string status, string reason, string message) => new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastHeartbeatTime"] = NodeHeartbeat.Time(now),
            ["lastTransitionTime"] = NodeHeartbeat.Time(since),
            ["reason"] = reason,
            ["message"] = message,
        };
        return
        [
            Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            Condition("Ready", "True", "KubeletReady", "hollow node agent is posting ready status"),
        ];
    }
}
