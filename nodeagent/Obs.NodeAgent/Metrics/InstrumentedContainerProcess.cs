using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Logs;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Metrics;

/// <summary>A container run whose stops and execs are timed as <c>stop_container</c> and <c>exec_sync</c>.</summary>
internal sealed class InstrumentedContainerProcess(IContainerProcess process, KubeletMetrics metrics) : IContainerProcess
{
    public string Name => process.Name;

    public int Pid => process.Pid;

    public int RestartCount => process.RestartCount;

    public ContainerCgroup? Cgroup => process.Cgroup;

    public string LogDirectory => process.LogDirectory;

    public ContainerState State => process.State;

    public Task<ContainerStateTerminated> Exited => process.Exited;

    public ContainerConsole? Console => process.Console;

    public Task<ContainerStateTerminated> StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default) =>
        metrics.TimeAsync(RuntimeOperations.StopContainer, () => process.StopAsync(gracePeriod, cancellationToken));

    public Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        metrics.TimeAsync(RuntimeOperations.ExecSync, () => process.ExecAsync(command, timeout, cancellationToken), r => r.TimedOut || r.ExitCode != 0);

    public IAsyncEnumerable<LogLine> ReadLogsAsync(LogReadOptions options, CancellationToken cancellationToken = default) =>
        process.ReadLogsAsync(options, cancellationToken);
}
