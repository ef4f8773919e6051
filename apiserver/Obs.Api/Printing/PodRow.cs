using System.Globalization;
using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>
/// A Pod's row computed from its <see cref="PodSummary"/>, with kubectl's reasoning for STATUS (see
/// <see cref="PodTable"/>): every Pod row is printed this way, from its bytes, building no tree.
/// </summary>
internal static class PodRow
{
    public static JsonNode?[] Cells(ReadOnlyMemory<byte> json, DateTimeOffset now) => Cells(PodSummaryReader.Read(json.Span), now);

    public static JsonNode?[] Cells(PodSummary pod, DateTimeOffset now)
    {
        var reason = pod.Reason.Length > 0 ? pod.Reason : pod.Phase;
        if (pod.Conditions.Any(c => c.Type == "PodScheduled" && c.Reason == "SchedulingGated")) reason = "SchedulingGated";

        var sidecars = Sidecars(pod);
        var totalContainers = pod.Containers + sidecars.Count;
        var readyContainers = 0;
        long restarts = 0, sidecarRestarts = 0;
        DateTimeOffset? lastRestart = null, lastSidecarRestart = null;

        var initializing = false;
        for (var i = 0; i < pod.InitContainerStatuses.Count; i++)
        {
            var container = pod.InitContainerStatuses[i];
            var isSidecar = sidecars.Contains(container.Name);
            restarts += container.RestartCount;
            var finished = LastTerminated(container);
            lastRestart = Later(lastRestart, finished);
            if (isSidecar)
            {
                sidecarRestarts += container.RestartCount;
                lastSidecarRestart = Later(lastSidecarRestart, finished);
            }

            if (container.Terminated && container.ExitCode == 0) continue;
            if (isSidecar && container.Started)
            {
                if (container.Ready) readyContainers++;
                continue;
            }
            if (container.Terminated)
            {
                reason = container.TerminatedReason.Length > 0
                    ? "Init:" + container.TerminatedReason
                    : container.Signal != 0 ? $"Init:Signal:{container.Signal}" : $"Init:ExitCode:{container.ExitCode}";
            }
            else if (container.WaitingReason.Length > 0 && container.WaitingReason != "PodInitializing")
            {
                reason = "Init:" + container.WaitingReason;
            }
            else
            {
                reason = $"Init:{i}/{pod.InitContainers.Count}";
            }
            initializing = true;
            break;
        }

        if (!initializing || pod.HasTrueCondition("Initialized"))
        {
            // Once initialized, only sidecars (still running) count toward restarts among init containers.
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            for (var i = pod.ContainerStatuses.Count - 1; i >= 0; i--)
            {
                var container = pod.ContainerStatuses[i];
                restarts += container.RestartCount;
                lastRestart = Later(lastRestart, LastTerminated(container));
                if (container.WaitingReason.Length > 0) reason = container.WaitingReason;
                else if (container.Terminated && container.TerminatedReason.Length > 0) reason = container.TerminatedReason;
                else if (container.Terminated) reason = container.Signal != 0 ? $"Signal:{container.Signal}" : $"ExitCode:{container.ExitCode}";
                else if (container.Ready && container.Running)
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }
            // A pod whose last-listed container completed while another still runs is not "Completed".
            if (reason == "Completed" && hasRunning) reason = pod.HasTrueCondition("Ready") ? "Running" : "NotReady";
        }

        var deleting = pod.DeletionTimestamp.Length > 0;
        if (deleting && pod.Reason == "NodeLost") reason = "Unknown";
        else if (deleting && pod.Phase is not ("Succeeded" or "Failed")) reason = "Terminating";

        var restartText = restarts.ToString(CultureInfo.InvariantCulture);
        if (restarts != 0 && lastRestart is { } last) restartText = $"{restarts} ({HumanDuration.Format(now - last)} ago)";

        return
        [
            Cell.Text(pod.Name),
            Cell.Text($"{readyContainers}/{totalContainers}"),
            Cell.Text(reason),
            Cell.Text(restartText),
            Cell.Text(HumanDuration.Since(pod.CreationTimestamp, now)),
            Cell.Text(NoneIfEmpty(pod.FirstPodIP ?? pod.PodIP)),
            Cell.Text(NoneIfEmpty(pod.NodeName)),
            Cell.Text(NoneIfEmpty(pod.NominatedNodeName)),
            Cell.Text(ReadinessGates(pod)),
        ];
    }

    private static string ReadinessGates(PodSummary pod)
    {
        if (pod.ReadinessGates.Count == 0) return "<none>";
        // The first condition of the gate's type decides, as kubectl looks it up.
        var satisfied = pod.ReadinessGates.Count(gate => pod.Conditions.FirstOrDefault(c => c.Type == gate) is { Type: not null } condition && condition.Status == "True");
        return $"{satisfied}/{pod.ReadinessGates.Count}";
    }

    /// <summary>The names of the init containers that keep running (restartPolicy Always); a set, as kubectl counts them.</summary>
    private static IReadOnlySet<string> Sidecars(PodSummary pod)
    {
        HashSet<string>? sidecars = null;
        foreach (var (name, restartPolicy) in pod.InitContainers)
        {
            if (restartPolicy == "Always") (sidecars ??= []).Add(name);
        }
        return sidecars ?? NoSidecars;
    }

    private static readonly HashSet<string> NoSidecars = [];

    private static DateTimeOffset? LastTerminated(ContainerStatusSummary container) =>
        Timestamp.TryParse(container.LastFinishedAt, out var time) ? time : null;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static string NoneIfEmpty(string value) => value.Length == 0 ? "<none>" : value;
}
