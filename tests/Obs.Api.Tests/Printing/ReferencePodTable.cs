using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Printing;

namespace Obs.Api.Tests.Printing;

/// <summary>
/// The Pod printer as it was written over a parsed document before rows were read from the bytes in
/// place (<see cref="PodRow"/>), kept here only as the independent reference <see cref="PodRowTests"/>
/// compares the product's rows against: two readings of kubectl's STATUS rules that must agree.
/// </summary>
internal static class ReferencePodTable
{
    /// <summary>The row, read from a parsed document.</summary>
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
            JsonValue.Create(ElementFields.Text(pod, "metadata", "name")),
            JsonValue.Create($"{readyContainers}/{totalContainers}"),
            JsonValue.Create(reason),
            JsonValue.Create(restartText),
            JsonValue.Create(HumanDuration.Since(ElementFields.Text(pod, "metadata", "creationTimestamp"), now)),
            JsonValue.Create(PodIp(status)),
            JsonValue.Create(NoneIfEmpty(ElementFields.Text(spec, "nodeName"))),
            JsonValue.Create(NoneIfEmpty(ElementFields.Text(status, "nominatedNodeName"))),
            JsonValue.Create(ReadinessGates(spec, status)),
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
        TryParseTime(ElementFields.Text(containerStatus, "lastState", "terminated", "finishedAt"), out var time) ? time : null;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out time) && text.Length > 0;

    private static string NoneIfEmpty(string value) => value.Length == 0 ? "<none>" : value;
}
