using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Isolation;
using Obs.NodeAgent.Logs;
using Obs.NodeAgent.Native;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// A container a previous run of the agent started and left running. It is not our child, so
/// its end is seen by polling /proc (with its start time, so a recycled PID is not mistaken for
/// it), and its exit code is not known: it ends as <c>ContainerStatusUnknown</c> with 137, as the
/// kubelet reports a container it lost track of (OOMKilled when its cgroup says so). Its output
/// FIFOs are opened again by name and pumped into the same log. Exec and probes enter its
/// namespaces with nsenter, since its pod sandbox belongs to the previous run.
/// </summary>
/// <remarks>
/// Attach works as before for a container on pipes: its output comes from the same FIFOs, and its
/// stdin FIFO (without stdinOnce the container holds it read-write, so it stays open with no agent)
/// is opened again for writing. For a container on a terminal, the master is taken back from its
/// <see cref="TerminalHolder"/>: output, attach and resize work again. Without a holder (started
/// by an agent from before holders, or the holder gone) it cannot be attached to.
/// </remarks>
internal sealed class AdoptedContainerProcess : IContainerProcess
{
    private readonly long _procStart;
    private readonly ContainerLogWriter _log;
    private readonly string _nsenter;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private volatile ContainerStateTerminated? _terminated;

    public AdoptedContainerProcess(string name, int pid, long procStart, int restartCount, DateTimeOffset startedAt, string logDirectory,
        ContainerCgroup? cgroup, string nsenterPath, RuntimeOptions options, (bool Stdin, bool StdinOnce, bool Tty) stdio = default,
        (int Pid, long ProcStart)? terminalHolder = null)
    {
        Name = name;
        Pid = pid;
        _procStart = procStart;
        RestartCount = restartCount;
        StartedAt = startedAt;
        LogDirectory = logDirectory;
        Cgroup = cgroup;
        _nsenter = nsenterPath;
        _time = options.Time;
        _log = new ContainerLogWriter(logDirectory, restartCount, options.LogMaxBytes, options.LogMaxFiles, options.Time);
        var pumps = new List<Task>();
        if (stdio.Tty)
        {
            if (terminalHolder is { } holder && TerminalHolder.TakeMaster(holder.Pid, holder.ProcStart) is { } master)
            {
                var terminal = PseudoTerminal.FromMaster(master);
                Console = new ContainerConsole(stdio.Stdin, stdio.StdinOnce, stdinWriter: null, terminal) { Holder = holder };
                pumps.Add(OutputPump.StartTerminal(terminal, _log, Console));
            }
        }
        else
        {
            Console = new ContainerConsole(stdio.Stdin, stdio.StdinOnce, stdio.Stdin && !stdio.StdinOnce ? OpenStdin(logDirectory, restartCount) : null, terminal: null);
        }
        foreach (var (suffix, stream) in new[] { ("stdout", LogStream.Stdout), ("stderr", LogStream.Stderr) })
        {
            var fifo = Path.Combine(logDirectory, $"{restartCount}.{suffix}.fifo");
            // The container holds its FIFOs read-write, so this open finds a writer and returns at once.
            var fd = File.Exists(fifo) ? Libc.open(fifo, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0) : -1;
            if (fd < 0) continue;
            var handle = new SafeFileHandle(fd, ownsHandle: true);
            ClearNonBlocking(fd);
            pumps.Add(OutputPump.Start(handle, _log, stream, Console));
        }
        Exited = SuperviseAsync(pumps);
    }

    public string Name { get; }

    /// <summary>None for a container on a terminal whose master could not be taken back from its holder.</summary>
    public ContainerConsole? Console { get; }

    public int Pid { get; }

    public int RestartCount { get; }

    public DateTimeOffset StartedAt { get; }

    public ContainerCgroup? Cgroup { get; }

    public string LogDirectory { get; }

    public ContainerState State => _terminated ?? (ContainerState)new ContainerStateRunning(StartedAt);

    public Task<ContainerStateTerminated> Exited { get; }

    /// <summary>nsenter into the container's mount, UTS and PID namespaces: the way in for exec after adoption.</summary>
    public IReadOnlyList<string> EnterPrefix => [_nsenter, $"--target={Pid}", "--mount", "--uts", "--pid", "--"];

    public bool IsAlive => ContainerRecords.SameProcessRuns(Pid, _procStart);

    private async Task<ContainerStateTerminated> SuperviseAsync(IReadOnlyList<Task> pumps)
    {
        while (IsAlive)
        {
            try { await Task.Delay(TimeSpan.FromMilliseconds(200), _time, _stop.Token); }
            catch (OperationCanceledException) { break; }
        }
        var finishedAt = _time.GetUtcNow();
        Libc.kill(-Pid, Libc.SIGKILL);
        var oomKills = Cgroup?.OomKillCount() ?? 0;
        var oomKilled = oomKills > 0;
        Cgroup?.KillAll();
        await Task.WhenAny(Task.WhenAll(pumps), Task.Delay(TimeSpan.FromSeconds(2)));
        Console?.Dispose();
        _log.Dispose();
        if (Cgroup is not null) await Cgroup.RemoveAsync();
        var terminated = oomKilled
            ? new ContainerStateTerminated(137, null, ContainerStateTerminated.OomKilled, null, StartedAt, finishedAt) { OomKills = oomKills }
            : new ContainerStateTerminated(137, null, "ContainerStatusUnknown",
                "The container exited while the node agent was not its parent; its exit code is not known", StartedAt, finishedAt);
        _terminated = terminated;
        return terminated;
    }

    public async Task<ContainerStateTerminated> StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        if (!Exited.IsCompleted && IsAlive)
        {
            Libc.kill(Pid, Libc.SIGTERM);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (await Task.WhenAny(Exited, Task.Delay(gracePeriod, _time, timeout.Token)) != Exited)
            {
                Libc.kill(-Pid, Libc.SIGKILL);
                Libc.kill(Pid, Libc.SIGKILL);
                Cgroup?.KillAll();
            }
            await timeout.CancelAsync();
        }
        return await Exited;
    }

    public async Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (Exited.IsCompleted) return new ExecResult(-1, "container is not running", false);
        var start = new System.Diagnostics.ProcessStartInfo(EnterPrefix[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in EnterPrefix.Skip(1).Concat(command)) start.ArgumentList.Add(arg);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return new ExecResult(-1, "", true);
        }
        return new ExecResult(process.ExitCode, await output + await error, false);
    }

    public IAsyncEnumerable<LogLine> ReadLogsAsync(LogReadOptions options, CancellationToken cancellationToken = default) =>
        ContainerLogReader.ReadAsync(LogDirectory, RestartCount, options, () => _log.IsClosed, cancellationToken);

    /// <summary>The write end of the run's stdin FIFO, which the container still holds open for reading; null when it is gone.</summary>
    private static FileStream? OpenStdin(string logDirectory, int restartCount)
    {
        var fifo = Path.Combine(logDirectory, $"{restartCount}.stdin.fifo");
        // Non-blocking, the open fails at once (ENXIO) instead of waiting when no reader holds the FIFO.
        var fd = File.Exists(fifo) ? Libc.open(fifo, Libc.O_WRONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC, 0) : -1;
        if (fd < 0) return null;
        ClearNonBlocking(fd);
        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, 0);
    }

    private static void ClearNonBlocking(int fd)
    {
        const int F_GETFL = 3, F_SETFL = 4;
        var flags = fcntl(fd, F_GETFL, 0);
        if (flags >= 0) fcntl(fd, F_SETFL, flags & ~Libc.O_NONBLOCK);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int cmd, int arg);
}
