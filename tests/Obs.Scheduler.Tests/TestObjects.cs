using System.Text.Json.Nodes;
using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Tests;

/// <summary>Node and pod objects as the API would hold them, built compactly for tests.</summary>
internal static class TestObjects
{
    public static JsonObject Node(string name, string cpu = "4", string memory = "8Gi", string pods = "110",
        IReadOnlyDictionary<string, string>? labels = null, string taints = "[]", bool ready = true, bool unschedulable = false, string? readyStatus = null)
    {
        var allLabels = new JsonObject { ["kubernetes.io/hostname"] = name };
        foreach (var (k, v) in labels ?? new Dictionary<string, string>()) allLabels[k] = v;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = allLabels },
            ["spec"] = new JsonObject { ["taints"] = JsonNode.Parse(taints), ["unschedulable"] = unschedulable },
            ["status"] = new JsonObject
            {
                ["capacity"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory, ["pods"] = pods, ["ephemeral-storage"] = "100Gi" },
                ["allocatable"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory, ["pods"] = pods, ["ephemeral-storage"] = "100Gi" },
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = readyStatus ?? (ready ? "True" : "False") }),
            },
        };
    }

    /// <summary>A pod with one container requesting <paramref name="cpu"/> and <paramref name="memory"/>; <paramref name="spec"/> is merged into the spec.</summary>
    public static JsonObject Pod(string name, string? cpu = null, string? memory = null, string ns = "default",
        IReadOnlyDictionary<string, string>? labels = null, string? spec = null, string? nodeName = null)
    {
        var requests = new JsonObject();
        if (cpu is not null) requests["cpu"] = cpu;
        if (memory is not null) requests["memory"] = memory;
        var podSpec = new JsonObject
        {
            ["schedulerName"] = "default-scheduler",
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "main",
                ["image"] = "busybox",
                ["resources"] = new JsonObject { ["requests"] = requests },
            }),
        };
        if (nodeName is not null) podSpec["nodeName"] = nodeName;
        if (spec is not null)
            foreach (var (k, v) in JsonNode.Parse(spec)!.AsObject()) podSpec[k] = v?.DeepClone();
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = "uid-" + name };
        if (labels is not null) metadata["labels"] = new JsonObject(labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = podSpec, ["status"] = new JsonObject { ["phase"] = "Pending" } };
    }

    public static NodeInfo NodeInfo(JsonObject node, params PodInfo[] pods)
    {
        var info = new NodeInfo(node["metadata"]!["name"]!.GetValue<string>());
        info.SetNode(node);
        foreach (var pod in pods) info.AddPod(pod);
        return info;
    }

    public static NodeInfo NodeInfo(string name, string cpu = "4", string memory = "8Gi", params PodInfo[] pods) =>
        NodeInfo(Node(name, cpu, memory), pods);

    public static PodInfo PodInfo(JsonObject pod) => new(pod);

    public static Dictionary<string, string> Labels(params string[] pairs) =>
        pairs.Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
}
