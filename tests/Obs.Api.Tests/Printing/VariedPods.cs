using System.Text.Json.Nodes;

namespace Obs.Api.Tests.Printing;

/// <summary>
/// Pods of every shape a row is computed from, drawn from a fixed seed so a failure repeats: any field may be
/// missing, null or of the wrong kind, arrays hold non-objects, names are unicode, properties come in any order.
/// </summary>
internal sealed class VariedPods(int seed) : VariedObjects(seed)
{
    private static readonly string?[] Names = ["web-1", "wéb-ü-ñ", "под-1", "名前-🚀", "a\"b\\c", "", null];
    private static readonly string?[] Times =
        ["2024-05-01T11:55:00Z", "2024-04-28T01:00:00Z", "2024-05-01T11:59:59.123456Z", "2024-05-01T12:00:30Z", "2025-01-01T00:00:00Z", "not a time", "", null];
    private static readonly string?[] Phases = ["Pending", "Running", "Succeeded", "Failed", "Unknown", "", null];
    private static readonly string?[] StatusReasons = ["NodeLost", "Evicted", "", null];
    private static readonly string?[] ContainerNames = ["a", "b", "i0", "i1", "proxy", "", null];
    private static readonly string?[] WaitingReasons = ["ContainerCreating", "CrashLoopBackOff", "PodInitializing", "ImagePullBackOff", "", null];
    private static readonly string?[] TerminatedReasons = ["Completed", "Error", "OOMKilled", "", null];
    private static readonly string?[] ConditionTypes = ["PodScheduled", "Initialized", "Ready", "ContainersReady", "x/lb", "x/dns", "", null];
    private static readonly string?[] ConditionStatuses = ["True", "False", "Unknown", null];

    public JsonObject Next()
    {
        var pod = new Dictionary<string, JsonNode?> { ["kind"] = "Pod", ["apiVersion"] = "v1" };
        Maybe(pod, "metadata", Metadata);
        Maybe(pod, "spec", Spec);
        Maybe(pod, "status", Status);
        return Shuffled(pod);
    }

    private JsonNode? Metadata()
    {
        var meta = new Dictionary<string, JsonNode?> { ["namespace"] = "default", ["uid"] = "u-1", ["labels"] = new JsonObject { ["app"] = "web" } };
        MaybeText(meta, "name", Names);
        MaybeText(meta, "creationTimestamp", Times);
        if (Chance(4)) meta["deletionTimestamp"] = Pick<JsonNode?>(["2024-05-01T11:59:00Z", null, 5, ""]);
        return Shuffled(meta);
    }

    private JsonNode? Spec()
    {
        var spec = new Dictionary<string, JsonNode?> { ["restartPolicy"] = "Always" };
        MaybeText(spec, "nodeName", ["node-a", "", null]);
        Maybe(spec, "containers", () => Items(4, () => Container(withRestartPolicy: false)));
        Maybe(spec, "initContainers", () => Items(4, () => Container(withRestartPolicy: true)));
        Maybe(spec, "readinessGates", () => Items(3, () => Shuffled(Only("conditionType", ConditionTypes))));
        return Shuffled(spec);
    }

    private JsonNode Container(bool withRestartPolicy)
    {
        var container = new Dictionary<string, JsonNode?> { ["image"] = "nginx" };
        MaybeText(container, "name", ContainerNames);
        if (withRestartPolicy) MaybeText(container, "restartPolicy", ["Always", "Never", null]);
        return Shuffled(container);
    }

    private JsonNode? Status()
    {
        var status = new Dictionary<string, JsonNode?> { ["qosClass"] = "BestEffort" };
        MaybeText(status, "phase", Phases);
        MaybeText(status, "reason", StatusReasons);
        MaybeText(status, "podIP", ["10.1.0.7", "", null]);
        Maybe(status, "podIPs", () => Items(3, () => Shuffled(Only("ip", ["10.1.0.8", "fd00::8", "", null]))));
        MaybeText(status, "nominatedNodeName", ["node-b", "", null]);
        Maybe(status, "conditions", () => Items(6, Condition));
        Maybe(status, "initContainerStatuses", () => Items(4, ContainerStatus));
        Maybe(status, "containerStatuses", () => Items(4, ContainerStatus));
        return Shuffled(status);
    }

    private JsonNode Condition()
    {
        var condition = new Dictionary<string, JsonNode?>();
        MaybeText(condition, "type", ConditionTypes);
        MaybeText(condition, "status", ConditionStatuses);
        MaybeText(condition, "reason", ["SchedulingGated", "Unschedulable", null]);
        return Shuffled(condition);
    }

    private JsonNode ContainerStatus()
    {
        var status = new Dictionary<string, JsonNode?> { ["image"] = "nginx" };
        MaybeText(status, "name", ContainerNames);
        if (Chance(2)) status["restartCount"] = Pick<JsonNode?>([0, 1, 3, 12, 1.5, "2", null, 9_000_000_000_000_000_000m]);
        if (Chance(2)) status["ready"] = Pick<JsonNode?>([true, false, "true", null]);
        if (Chance(2)) status["started"] = Pick<JsonNode?>([true, false, null]);
        Maybe(status, "state", State);
        Maybe(status, "lastState", () => Shuffled(new Dictionary<string, JsonNode?> { ["terminated"] = Terminated() }));
        return Shuffled(status);
    }

    private JsonNode? State()
    {
        var state = new Dictionary<string, JsonNode?>();
        // Usually one state, sometimes none or more (the printer's precedence decides then).
        var count = Pick([0, 1, 1, 1, 2, 3]);
        for (var i = 0; i < count; i++)
        {
            switch (Random.Next(3))
            {
                case 0: state["waiting"] = Chance(6) ? null : Shuffled(Only("reason", WaitingReasons)); break;
                case 1: state["running"] = Pick<JsonNode?>([new JsonObject { ["startedAt"] = "2024-05-01T11:55:10Z" }, new JsonObject(), null, 1]); break;
                default: state["terminated"] = Terminated(); break;
            }
        }
        return Shuffled(state);
    }

    private JsonNode? Terminated()
    {
        if (Chance(8)) return Pick<JsonNode?>([null, 5, "x"]);
        var terminated = new Dictionary<string, JsonNode?>();
        MaybeText(terminated, "reason", TerminatedReasons);
        if (Chance(2)) terminated["exitCode"] = Pick<JsonNode?>([0, 1, 2, 137, null]);
        if (Chance(4)) terminated["signal"] = Pick<JsonNode?>([0, 9, 15]);
        MaybeText(terminated, "finishedAt", Times);
        return Shuffled(terminated);
    }
}
