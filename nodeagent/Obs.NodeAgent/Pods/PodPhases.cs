using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.NodeAgent.Restarts;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// The pod phase from its container statuses, by the kubelet's rules: Pending while an init
/// container has not succeeded (Failed when one failed and the policy is Never) or an app
/// container waits for its first run; Running while one runs; once all have stopped, Running
/// under Always, Succeeded when every one exited 0, Failed under Never, Running under OnFailure
/// (it will be restarted). A waiting container that ran before counts as stopped.
/// </summary>
public static class PodPhases
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    public static string Compute(IReadOnlyList<JsonObject> initStatuses, int initCount, IReadOnlyList<JsonObject> statuses, int containerCount, RestartPolicy policy)
    {
        int pendingInit = initCount - initStatuses.Count, failedInit = 0;
        foreach (var status in initStatuses)
        {
            if (status.At("state", "terminated") is JsonObject terminated)
            {
                if (terminated.LongAt("exitCode") != 0) failedInit++;
            }
            else if (status.At("state", "waiting") is not null && status.LongAt("lastState", "terminated", "exitCode") is { } code && code != 0)
            {
                failedInit++;
            }
            else
            {
                pendingInit++;
            }
        }
        if (failedInit > 0 && policy == RestartPolicy.Never) return Failed;
        if (pendingInit > 0 || failedInit > 0) return Pending;

        int running = 0, waiting = 0, stopped = 0, succeeded = 0, unknown = containerCount - statuses.Count;
        foreach (var status in statuses)
        {
            if (status.At("state", "running") is not null) running++;
            else if (status.At("state", "terminated") is JsonObject terminated)
            {
                stopped++;
                if (terminated.LongAt("exitCode") == 0) succeeded++;
            }
            else if (status.At("lastState", "terminated") is not null) stopped++;
            else waiting++;
        }
        if (waiting > 0) return Pending;
        if (running > 0 && unknown == 0) return Running;
        if (running == 0 && stopped > 0 && unknown == 0)
        {
            if (policy == RestartPolicy.Always) return Running;
            if (stopped == succeeded) return Succeeded;
            return policy == RestartPolicy.Never ? Failed : Running;
        }
        return Pending;
    }
}
