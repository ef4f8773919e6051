using System.Text.Json.Nodes;
using Obs.NodeAgent.Probes;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Lifecycle;

/// <summary>
/// postStart and preStop hooks (<c>lifecycle.postStart</c> / <c>lifecycle.preStop</c>: exec,
/// httpGet, sleep; tcpSocket is accepted and does nothing, as in Kubernetes). A failed postStart
/// means the pod worker kills the container (event FailedPostStartHook); a failed preStop is
/// reported (FailedPreStopHook) and termination goes on.
/// </summary>
public static class LifecycleHookRunner
{
    public const string FailedPostStartHook = "FailedPostStartHook";
    public const string FailedPreStopHook = "FailedPreStopHook";

    /// <summary>The hook of a container, or null: <paramref name="name"/> is "postStart" or "preStop".</summary>
    public static JsonObject? Hook(JsonObject container, string name) =>
        (container["lifecycle"] as JsonObject)?[name] as JsonObject;

    public static Task<ProbeOutcome> RunAsync(JsonObject hook, IProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (hook["tcpSocket"] is not null && hook["exec"] is null && hook["httpGet"] is null)
        {
            return Task.FromResult(ProbeOutcome.Success);
        }
        return HandlerRunner.RunAsync(Handler.FromJson(hook), target, timeout, cancellationToken);
    }

    /// <summary>
    /// Deletion of a container: the preStop hook (if any) within the grace period, then SIGTERM,
    /// then SIGKILL when the grace period runs out. As in the kubelet, SIGTERM always gets at
    /// least 2 s once a preStop hook used up the period.
    /// </summary>
    public static async Task<(ContainerStateTerminated Terminated, ProbeOutcome? PreStop)> StopAsync(
        IContainerProcess process,
        JsonObject? preStop,
        IProbeTarget target,
        TimeSpan gracePeriod,
        TimeProvider time,
        CancellationToken cancellationToken = default)
    {
        ProbeOutcome? outcome = null;
        var remaining = gracePeriod;
        if (preStop is not null && !process.Exited.IsCompleted && gracePeriod > TimeSpan.Zero)
        {
            var started = time.GetUtcNow();
            var hook = RunAsync(preStop, target, gracePeriod, cancellationToken);
            var finished = await Task.WhenAny(hook, process.Exited);
            outcome = finished == hook ? await hook : ProbeOutcome.Failure("the container exited while its preStop hook ran");
            remaining = gracePeriod - (time.GetUtcNow() - started);
            if (remaining < TimeSpan.FromSeconds(2))
            {
                remaining = TimeSpan.FromSeconds(2);
            }
        }
        var terminated = await process.StopAsync(remaining, cancellationToken);
        return (terminated, outcome);
    }
}
