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

    public static JsonNode?[] Cells(JsonObject pod, DateTimeOffset now)
    {
        var status = pod["status"];
        var spec = pod["spec"];
        var phase = Fields.Text(status, "phase");
        var reason = Fields.Text(status, "reason") is { Length: > 0 } statusReason ? statusReason : phase;

        foreach (var condition in Fields.Items(status, "conditions"))
        {
            if (Fields.Text(condition, "type") == "PodScheduled" && Fields.Text(condition, "reason") == "SchedulingGated") reason = "SchedulingGated";
        }

        var initContainers = Fields.Items(spec, "initContainers");
        var sidecars = initContainers.Where(c => Fields.Text(c, "restartPolicy") == "Always").Select(c => Fields.Text(c, "name")).ToHashSet();
        var totalContainers = Fields.Items(spec, "containers").Count + sidecars.Count;
        var readyContainers = 0;
        long restarts = 0, sidecarRestarts = 0;
        DateTimeOffset? lastRestart = null, lastSidecarRestart = null;

        var initializing = false;
        var initStatuses = Fields.Items(status, "initContainerStatuses");
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            var isSidecar = sidecars.Contains(Fields.Text(container, "name"));
            restarts += Fields.Integer(container, "restartCount");
            var finished = LastTerminated(container);
            lastRestart = Later(lastRestart, finished);
            if (isSidecar)
            {
                sidecarRestarts += Fields.Integer(container, "restartCount");
                lastSidecarRestart = Later(lastSidecarRestart, finished);
            }

            var terminated = container["state"]?["terminated"];
            var waitingReason = Fields.Text(container, "state", "waiting", "reason");
            if (terminated is not null && Fields.Integer(terminated, "exitCode") == 0) continue;
            if (isSidecar && Fields.Bool(container, "started"))
            {
                if (Fields.Bool(container, "ready")) readyContainers++;
                continue;
            }
            if (terminated is not null)
            {
                reason = Fields.Text(terminated, "reason") is { Length: > 0 } terminatedReason
                    ? "Init:" + terminatedReason
                    : Fields.Integer(terminated, "signal") is var signal and not 0
                        ? $"Init:Signal:{signal}"
                        : $"Init:ExitCode:{Fields.Integer(terminated, "exitCode")}";
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
            var statuses = Fields.Items(status, "containerStatuses");
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += Fields.Integer(container, "restartCount");
                lastRestart = Later(lastRestart, LastTerminated(container));
                var state = container["state"];
                var waitingReason = Fields.Text(state, "waiting", "reason");
                var terminated = state?["terminated"];
                if (waitingReason.Length > 0) reason = waitingReason;
                else if (terminated is not null && Fields.Text(terminated, "reason") is { Length: > 0 } terminatedReason) reason = terminatedReason;
                else if (terminated is not null)
                {
                    reason = Fields.Integer(terminated, "signal") is var signal and not 0
                        ? $"Signal:{signal}"
                        : $"ExitCode:{Fields.Integer(terminated, "exitCode")}";
                }
                else if (Fields.Bool(container, "ready") && state?["running"] is not null)
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }
            // A pod whose last-listed container completed while another still runs is not "Completed".
            if (reason == "Completed" && hasRunning) reason = HasTrueCondition(status, "Ready") ? "Running" : "NotReady";
        }

        var deleting = Fields.Text(pod, "metadata", "deletionTimestamp").Length > 0;
        if (deleting && Fields.Text(status, "reason") == "NodeLost") reason = "Unknown";
        else if (deleting && phase is not ("Succeeded" or "Failed")) reason = "Terminating";

        var restartText = restarts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (restarts != 0 && lastRestart is { } last) restartText = $"{restarts} ({HumanDuration.Format(now - last)} ago)";

        return
        [
            ObjectCells.Name(pod),
            Cell.Text($"{readyContainers}/{totalContainers}"),
            Cell.Text(reason),
            Cell.Text(restartText),
            ObjectCells.Age(pod, now),
            Cell.Text(PodIp(status)),
            Cell.Text(NoneIfEmpty(Fields.Text(spec, "nodeName"))),
            Cell.Text(NoneIfEmpty(Fields.Text(status, "nominatedNodeName"))),
            Cell.Text(ReadinessGates(spec, status)),
        ];
    }

    private static string PodIp(JsonNode? status)
    {
        var ips = Fields.Items(status, "podIPs");
        var ip = ips.Count > 0 ? Fields.Text(ips[0], "ip") : Fields.Text(status, "podIP");
        return NoneIfEmpty(ip);
    }

    private static string ReadinessGates(JsonNode? spec, JsonNode? status)
    {
        var gates = Fields.Items(spec, "readinessGates");
        if (gates.Count == 0) return "<none>";
        var conditions = Fields.Items(status, "conditions");
        var satisfied = gates.Count(gate =>
            conditions.FirstOrDefault(c => Fields.Text(c, "type") == Fields.Text(gate, "conditionType")) is { } condition
            && Fields.Text(condition, "status") == "True");
        return $"{satisfied}/{gates.Count}";
    }

    private static bool HasTrueCondition(JsonNode? status, string type) =>
        Fields.Items(status, "conditions").Any(c => Fields.Text(c, "type") == type && Fields.Text(c, "status") == "True");

    private static DateTimeOffset? LastTerminated(JsonObject containerStatus) =>
        Timestamp.TryParse(Fields.Text(containerStatus, "lastState", "terminated", "finishedAt"), out var time) ? time : null;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static string NoneIfEmpty(string value) => value.Length == 0 ? "<none>" : value;
}
