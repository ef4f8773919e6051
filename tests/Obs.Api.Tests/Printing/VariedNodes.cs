using System.Text.Json.Nodes;

namespace Obs.Api.Tests.Printing;

/// <summary>Nodes of every shape a Node row is computed from: ready or not, cordoned, with role labels of every form, and broken ones.</summary>
internal sealed class VariedNodes(int seed) : VariedObjects(seed)
{
    private static readonly string?[] Names = ["node-a", "nöde-ü", "узел-1", "名前-🚀", "a\"b\\c", "", null];
    private static readonly string?[] Times = ["2024-04-01T12:00:00Z", "2024-05-01T11:59:59.5Z", "2025-01-01T00:00:00Z", "not a time", "", null];
    private static readonly string?[] ConditionTypes = ["Ready", "MemoryPressure", "DiskPressure", "", null];
    private static readonly string?[] ConditionStatuses = ["True", "False", "Unknown", "true", null];
    private static readonly string?[] AddressTypes = ["InternalIP", "ExternalIP", "Hostname", "", null];
    private static readonly string?[] Addresses = ["10.0.0.5", "203.0.113.9", "fd00::5", "node-a", "", null];
    private static readonly string?[] Versions = ["v1.32.0", "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "obs://0.1", "", null];
    private static readonly string[] LabelKeys =
    [
        "node-role.kubernetes.io/worker", "node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/", "node-role.kubernetes.io/ü",
        "kubernetes.io/role", "kubernetes.io/hostname", "node-role.kubernetes.io", "topology.kubernetes.io/zone",
    ];

    public JsonObject Next()
    {
        var node = new Dictionary<string, JsonNode?> { ["kind"] = "Node", ["apiVersion"] = "v1" };
        Maybe(node, "metadata", Metadata);
        Maybe(node, "spec", () => Chance(2) ? Shuffled([]) : Shuffled(new() { ["unschedulable"] = Pick<JsonNode?>([true, false, "true", null]) }));
        Maybe(node, "status", Status);
        return Shuffled(node);
    }

    private JsonNode Metadata()
    {
        var meta = new Dictionary<string, JsonNode?> { ["uid"] = "u-1" };
        MaybeText(meta, "name", Names);
        MaybeText(meta, "creationTimestamp", Times);
        Maybe(meta, "labels", Labels);
        return Shuffled(meta);
    }

    private JsonNode Labels()
    {
        var labels = new Dictionary<string, JsonNode?>();
        var count = Random.Next(5);
        for (var i = 0; i < count; i++) MaybeText(labels, Pick(LabelKeys), ["", "edge", "x", null]);
        return Shuffled(labels);
    }

    private JsonNode Status()
    {
        var status = new Dictionary<string, JsonNode?> { ["phase"] = "Running" };
        Maybe(status, "conditions", () => Items(5, () => Shuffled(Pair("type", ConditionTypes, "status", ConditionStatuses))));
        Maybe(status, "addresses", () => Items(5, () => Shuffled(Pair("type", AddressTypes, "address", Addresses))));
        Maybe(status, "nodeInfo", NodeInfo);
        return Shuffled(status);
    }

    private JsonNode NodeInfo()
    {
        var info = new Dictionary<string, JsonNode?> { ["architecture"] = "amd64" };
        foreach (var key in new[] { "kubeletVersion", "osImage", "kernelVersion", "containerRuntimeVersion" }) MaybeText(info, key, Versions);
        return Shuffled(info);
    }

    private Dictionary<string, JsonNode?> Pair(string key, string?[] values, string otherKey, string?[] otherValues)
    {
        var obj = Only(key, values);
        MaybeText(obj, otherKey, otherValues);
        return obj;
    }
}
