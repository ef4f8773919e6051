using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Logs;

namespace Obs.NodeAgent.Runtime;

/// <summary>One run of a container: a real process in its own session and cgroup.</summary>
public interface IContainerProcess
{
    string Name { get; }

    /// <summary>Host PID of the container's main process.</summary>
    int Pid { get; }

    int RestartCount { get; }

    /// <summary>The container's cgroup while it runs (null where cgroups are not usable); removed after exit.</summary>
    ContainerCgroup? Cgroup { get; }

    /// <summary>Directory holding <c>{restartCount}.log</c> and its rotated files.</summary>
    string LogDirectory { get; }

    /// <summary>Running until the process has exited and been cleaned up, then terminated.</summary>
    ContainerState State { get; }

    /// <summary>Completes when the main process has exited, the rest of its session and cgroup is killed and the cgroup removed.</summary>
    Task<ContainerStateTerminated> Exited { get; }

    /// <summary>SIGTERM to the main process, then SIGKILL to its session and cgroup after <paramref name="gracePeriod"/>.</summary>
    Task<ContainerStateTerminated> StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default);

    /// <summary>Runs a command in the container's cgroup and namespaces with its environment; kills it at the timeout.</summary>
    Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Stdin and the output from now on of a container started with stdin or tty, for attach; null otherwise (and for one adopted on a terminal that could not be taken back).</summary>
    ContainerConsole? Console { get; }

    IAsyncEnumerable<LogLine> ReadLogsAsync(LogReadOptions options, CancellationToken cancellationToken = default);

    /// <summary>The agent leaves the container running for a later run to adopt: what this run holds of it (its terminal) is let go.</summary>
    void Abandon() => Console?.Detach();
}
