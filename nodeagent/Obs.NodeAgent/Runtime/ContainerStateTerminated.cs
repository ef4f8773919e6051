using System.Text.Json.Nodes;

namespace Obs.NodeAgent.Runtime;

/// <summary>
/// A finished run. ExitCode is what Kubernetes shows (128 + signal for a signal death); Signal
/// is set when a signal ended the process.
/// </summary>
public sealed record ContainerStateTerminated(
    int ExitCode,
    int? Signal,
    string Reason,
    string? Message,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt) : ContainerState
{
    public const string Completed = "Completed";
    public const string Error = "Error";
    public const string OomKilled = "OOMKilled";
    public const string StartError = "StartError";

    /// <summary>
    /// Processes the OOM killer killed in the run's cgroup, read before the cgroup was removed: the agent carries them
    /// into <c>container_oom_events_total</c> across runs. Not part of the status Kubernetes shows.
    /// </summary>
    public long OomKills { get; init; }

    public override JsonObject ToJson()
    {
        var terminated = new JsonObject
        {
            ["exitCode"] = ExitCode,
            ["reason"] = Reason,
            ["startedAt"] = Time(StartedAt),
            ["finishedAt"] = Time(FinishedAt),
        };
        if (Signal is { } signal)
        {
            terminated["signal"] = signal;
        }
        if (Message is not null)
        {
            terminated["message"] = Message;
        }
        return new JsonObject { ["terminated"] = terminated };
    }
}
