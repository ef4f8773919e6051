using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Isolation;
using Obs.NodeAgent.Logs;
using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Runtime;

internal sealed class ContainerProcess : IContainerProcess
{
    private readonly PodSandbox _sandbox;
    private readonly ContainerSpec _spec;
    private readonly ContainerLogWriter _log;
    private readonly TimeProvider _time;
    private readonly Task<WaitStatus> _wait;
    private volatile ContainerStateTerminated? _terminated;

    public ContainerProcess(
        PodSandbox sandbox,
        ContainerSpec spec,
        int pid,
        Task<WaitStatus> wait,
        ContainerCgroup? cgroup,
        ContainerLogWriter log,
        string logDirectory,
        IReadOnlyList<Task> pumps,
        IReadOnlyList<string> fifos,
        TimeProvider time,
        ContainerConsole? console = null)
    {
        _sandbox = sandbox;
        _spec = spec;
        Pid = pid;
        _wait = wait;
        Cgroup = cgroup;
        _log = log;
        LogDirectory = logDirectory;
        _time = time;
        StartedAt = time.GetUtcNow();
        Console = console;
        Exited = SuperviseAsync(pumps, fifos);
    }

    public string Name => _spec.Name;

    public int Pid { get; }

    public int RestartCount => _spec.RestartCount;

    public ContainerCgroup? Cgroup { get; }

    public string LogDirectory { get; }

    public DateTimeOffset StartedAt { get; }

    public ContainerConsole? Console { get; }

    public ContainerState State => _terminated ?? (ContainerState)new ContainerStateRunning(StartedAt);

    public Task<ContainerStateTerminated> Exited { get; }

    private async Task<ContainerStateTerminated> SuperviseAsync(IReadOnlyList<Task> pumps, IReadOnlyList<string> fifos)
    {
        var status = await _wait;
        var finishedAt = _time.GetUtcNow();
        // The container ends with its main process: what it left behind in its session or cgroup goes too.
        Libc.kill(-Pid, Libc.SIGKILL);
        var oomKills = Cgroup?.OomKillCount() ?? 0;
        var oomKilled = oomKills > 0;
        Cgroup?.KillAll();
        await Task.WhenAny(Task.WhenAll(pumps), Task.Delay(TimeSpan.FromSeconds(2)));
        _log.Dispose();
        Console?.Dispose();
        foreach (var fifo in fifos)
        {
            File.Delete(fifo);
        }
        if (Cgroup is not null)
        {
            await Cgroup.RemoveAsync();
        }
        var reason = oomKilled ? ContainerStateTerminated.OomKilled
            : status.ExitCode == 0 ? ContainerStateTerminated.Completed
            : ContainerStateTerminated.Error;
        var terminated = new ContainerStateTerminated(status.ReportedExitCode, status.Signal, reason, null, StartedAt, finishedAt) { OomKills = oomKills };
        _terminated = terminated;
        return terminated;
    }

    public async Task<ContainerStateTerminated> StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        if (!_wait.IsCompleted)
        {
            // SIGTERM goes to the main process only, as Kubernetes sends it to a container's PID 1;
            // whatever else runs is killed with it when it exits.
            Libc.kill(Pid, Libc.SIGTERM);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var grace = Task.Delay(gracePeriod, _time, timeout.Token);
            if (await Task.WhenAny(_wait, grace) != _wait)
            {
                Libc.kill(-Pid, Libc.SIGKILL);
                Cgroup?.KillAll();
            }
            await timeout.CancelAsync();
        }
        return await Exited;
    }

    public async Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (_wait.IsCompleted)
        {
            return new ExecResult(-1, "container is not running", false);
        }
        if (command.Count == 0 || ContainerLaunch.FindExecutable(_sandbox, command[0], _spec.Environment, _spec.WorkingDir) is null)
        {
            return new ExecResult(-1, $"executable file not found: {(command.Count > 0 ? command[0] : "")}", false);
        }
        var output = Path.Combine(LogDirectory, $"exec-{Guid.NewGuid():N}.out");
        try
        {
            var request = ContainerLaunch.Build(_sandbox, Cgroup, command, _spec.Environment, _spec.WorkingDir,
                output, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC, null, 0);
            int pid;
            try
            {
                pid = Spawner.Spawn(request);
            }
            catch (IOException e)
            {
                return new ExecResult(-1, e.Message, false);
            }
            var wait = ChildWaiter.WaitAsync(pid);
            var timedOut = false;
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var limit = Task.Delay(timeout, _time, stop.Token);
                if (await Task.WhenAny(wait, limit) != wait)
                {
                    timedOut = true;
                    Libc.kill(-pid, Libc.SIGKILL);
                }
                await stop.CancelAsync();
            }
            var status = await wait;
            var text = await ReadCappedAsync(output);
            return new ExecResult(timedOut ? -1 : status.ReportedExitCode, text, timedOut);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<string> ReadCappedAsync(string path)
    {
        const int cap = 10 * 1024;
        if (!File.Exists(path))
        {
            return "";
        }
        await using var file = File.OpenRead(path);
        var buffer = new byte[cap];
        var read = await file.ReadAtLeastAsync(buffer, cap, throwOnEndOfStream: false);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    public IAsyncEnumerable<LogLine> ReadLogsAsync(LogReadOptions options, CancellationToken cancellationToken = default) =>
        ContainerLogReader.ReadAsync(LogDirectory, RestartCount, options, () => _log.IsClosed, cancellationToken);
}
