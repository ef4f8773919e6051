using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>
/// <c>kubectl get pods</c>: NAME, READY, STATUS, RESTARTS, AGE, and with <c>-o wide</c> IP, NODE,
/// NOMINATED NODE, READINESS GATES. STATUS follows kubectl's reasoning: the most telling container
/// state wins over the pod phase, init containers report <c>Init:…</c>, and a pod being deleted is
/// <c>Terminating</c>.
/// </summary>
internal static class PodTable
{
    public static readonly TableColumn[] Columns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        CommonColumns.Text("Status", "The aggregate status of the containers in this pod."),
        CommonColumns.Text("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        CommonColumns.Age,
        CommonColumns.Text("IP", "The IP address allocated to the pod; routable at least within the cluster.", 1),
        CommonColumns.Text("Node", "The node the pod is scheduled onto.", 1),
        CommonColumns.Text("Nominated Node", "The node the scheduler nominated for the pod while preemption frees room on it.", 1),
        CommonColumns.Text("Readiness Gates", "How many of the pod's readiness gates are true.", 1),
    ];

    /// <summary>
    /// The row, read from a parsed document: the apiserver prints cached Pods from the document it keeps of
    /// each, building no node tree (which cost more than the rest of a Table LIST).
    /// </summary>
    public static JsonNode?[] Cells(JsonElement pod, DateTimeOffset now)
    {
        var status = ElementFields.At(pod, "status") ?? default;
        var spec = ElementFields.At(pod, "spec") ?? default;
        var phase = ElementFields.Text(status, "phase");
        var reason = ElementFields.Text(status, "reason") is { Length: > 0 } statusReason ? statusReason : phase;

        foreach (var condition in ElementFields.Items(status, "conditions"))
        {
            if (ElementFields.Text(condition, "type") == "PodScheduled" && ElementFields.Text(condition, "reason") == "SchedulingGated") reason = "SchedulingGated";
        }

        var initContainers = ElementFields.Items(spec, "initContainers");
        var sidecars = initContainers.Where(c => ElementFields.Text(c, "restartPolicy") == "Always").Select(c => ElementFields.Text(c, "name")).ToHashSet();
        var totalContainers = ElementFields.Items(spec, "containers").Count + sidecars.Count;
        var readyContainers = 0;
        long restarts = 0, sidecarRestarts = 0;
        DateTimeOffset? lastRestart = null, lastSidecarRestart = null;

        var initializing = false;
        var initStatuses = ElementFields.Items(status, "initContainerStatuses");
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            var isSidecar = sidecars.Contains(ElementFields.Text(container, "name"));
            restarts += ElementFields.Integer(container, "restartCount");
            var finished = LastTerminated(container);
            lastRestart = Later(lastRestart, finished);
            if (isSidecar)
            {
                sidecarRestarts += ElementFields.Integer(container, "restartCount");
                lastSidecarRestart = Later(lastSidecarRestart, finished);
            }

            var terminated = ElementFields.At(container, "state", "terminated");
            var waitingReason = ElementFields.Text(container, "state", "waiting", "reason");
            if (terminated is { } done && ElementFields.Integer(done, "exitCode") == 0) continue;
            if (isSidecar && ElementFields.Bool(container, "started"))
            {
                if (ElementFields.Bool(container, "ready")) readyContainers++;
                continue;
            }
            if (terminated is { } t)
            {
                reason = ElementFields.Text(t, "reason") is { Length: > 0 } terminatedReason
                    ? "Init:" + terminatedReason
                    : ElementFields.Integer(t, "signal") is var signal and not 0
                        ? $"Init:Signal:{signal}"
                        : $"Init:ExitCode:{ElementFields.Integer(t, "exitCode")}";
            }
            else if (waitingReason.Length > 0 && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = $"Init:{i}/{initContainers.Count}";
            }
            initializing = true;
            break;
        }

        if (!initializing || HasTrueCondition(status, "Initialized"))
        {
            // Once initialized, only sidecars (still running) count toward restarts among init containers.
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = ElementFields.Items(status, "containerStatuses");
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += ElementFields.Integer(container, "restartCount");
                lastRestart = Later(lastRestart, LastTerminated(container));
                var state = ElementFields.At(container, "state") ?? default;
                var waitingReason = ElementFields.Text(state, "waiting", "reason");
                var terminated = ElementFields.At(state, "terminated");
                if (waitingReason.Length > 0) reason = waitingReason;
                else if (terminated is { } t && ElementFields.Text(t, "reason") is { Length: > 0 } terminatedReason) reason = terminatedReason;
                else if (terminated is { } done)
                {
                    reason = ElementFields.Integer(done, "signal") is var signal and not 0
                        ? $"Signal:{signal}"
                        : $"ExitCode:{ElementFields.Integer(done, "exitCode")}";
                }
                else if (ElementFields.Bool(container, "ready") && ElementFields.At(state, "running") is not null)
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }
            // A pod whose last-listed container completed while another still runs is not "Completed".
            if (reason == "Completed" && hasRunning) reason = HasTrueCondition(status, "Ready") ? "Running" : "NotReady";
        }

        var deleting = ElementFields.Text(pod, "metadata", "deletionTimestamp").Length > 0;
        if (deleting && ElementFields.Text(status, "reason") == "NodeLost") reason = "Unknown";
        else if (deleting && phase is not ("Succeeded" or "Failed")) reason = "Terminating";

        var restartText = restarts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (restarts != 0 && lastRestart is { } last) restartText = $"{restarts} ({HumanDuration.Format(now - last)} ago)";

        return
        [
            Cell.Text(ElementFields.Text(pod, "metadata", "name")),
            Cell.Text($"{readyContainers}/{totalContainers}"),
            Cell.Text(reason),
            Cell.Text(restartText),
            Cell.Text(HumanDuration.Since(ElementFields.Text(pod, "metadata", "creationTimestamp"), now)),
            Cell.Text(PodIp(status)),
            Cell.Text(NoneIfEmpty(ElementFields.Text(spec, "nodeName"))),
            Cell.Text(NoneIfEmpty(ElementFields.Text(status, "nominatedNodeName"))),
            Cell.Text(ReadinessGates(spec, status)),
        ];
    }

    private static string PodIp(JsonElement status)
    {
        var ips = ElementFields.Items(status, "podIPs");
        var ip = ips.Count > 0 ? ElementFields.Text(ips[0], "ip") : ElementFields.Text(status, "podIP");
        return NoneIfEmpty(ip);
    }

    private static string ReadinessGates(JsonElement spec, JsonElement status)
    {
        var gates = ElementFields.Items(spec, "readinessGates");
        if (gates.Count == 0) return "<none>";
        var conditions = ElementFields.Items(status, "conditions");
        var satisfied = gates.Count(gate =>
            conditions.FirstOrDefault(c => ElementFields.Text(c, "type") == ElementFields.Text(gate, "conditionType")) is { ValueKind: JsonValueKind.Object } condition
            && ElementFields.Text(condition, "status") == "True");
        return $"{satisfied}/{gates.Count}";
    }

    private static bool HasTrueCondition(JsonElement status, string type) =>
        ElementFields.Items(status, "conditions").Any(c => ElementFields.Text(c, "type") == type && ElementFields.Text(c, "status") == "True");

    private static DateTimeOffset? LastTerminated(JsonElement containerStatus) =>
        Timestamp.TryParse(ElementFields.Text(containerStatus, "lastState", "terminated", "finishedAt"), out var time) ? time : null;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static string NoneIfEmpty(string value) => value.Length == 0 ? "<none>" : value;
}
