using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Isolation;
using Obs.NodeAgent.Logs;
using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Runtime;

/// <summary>
/// Runs containers as host processes: <c>command</c> + <c>args</c> exec'd directly, stdout and
/// stderr through FIFOs into rotated CRI log files, each run in its own session, cgroup and the
/// pod's namespaces where the machine permits.
/// </summary>
/// <remarks>
/// Output goes through FIFOs the child opens read-write, so the container always holds a
/// reader itself: if the agent goes away the container's writes block when the pipe is full
/// instead of killing it with SIGPIPE, and a restarted agent can open the FIFO by name again.
/// </remarks>
public sealed class ProcessContainerRuntime : IContainerRuntime
{
    private readonly RuntimeOptions _options;

    public ProcessContainerRuntime(RuntimeOptions options, RuntimeCapabilities capabilities)
    {
        _options = options;
        Capabilities = capabilities;
    }

    /// <summary>Detects cgroups and namespaces on this machine and says what it found.</summary>
    public static ProcessContainerRuntime Create(RuntimeOptions options)
    {
        var namespaces = options.UseNamespaces ? NamespaceSupport.Detect() : NamespaceSupport.Disabled("namespaces are turned off in the agent's options");
        return new ProcessContainerRuntime(options, new RuntimeCapabilities(CgroupDetector.Detect(options.CgroupRoot), namespaces));
    }

    public RuntimeCapabilities Capabilities { get; }

    public Task<PodSandbox> CreateSandboxAsync(string podUid, string podName, bool hostPid = false, string? hostname = null, CancellationToken cancellationToken = default) =>
        PodSandbox.CreateAsync(podUid, podName, Capabilities.Namespaces, hostPid, hostname, cancellationToken);

    /// <summary>
    /// Runs on a namespace worker: the start blocks in the kernel (cgroup directories, FIFOs, the
    /// spawn itself), which under load takes long enough that pod starts on thread-pool threads
    /// would hold back the agent's API replies, and with them every other pod's start; and the
    /// worker spawns into the pod's namespaces itself, with no thread of its own to start.
    /// </summary>
    public Task<IContainerProcess> StartAsync(PodSandbox sandbox, ContainerSpec spec, CancellationToken cancellationToken = default) =>
        NamespaceWorkers.RunAsync(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Start(sandbox, spec);
        });

    private IContainerProcess Start(PodSandbox sandbox, ContainerSpec spec)
    {
        var now = _options.Time.GetUtcNow();
        // Images are not read, so a container runs as if its image had no ENTRYPOINT: args alone are the
        // command line, as `kubectl run x --image=busybox -- sh -c '...'` (which sends args, not command) expects.
        if (spec.Argv.Count == 0)
        {
            throw new ContainerStartException(
                new ContainerStateWaiting(ContainerStateWaiting.CreateContainerConfigError,
                    "the process runtime needs a command or args: the container has neither and images' entrypoints are not read"),
                $"container {spec.Name} has no command");
        }
        if (ContainerLaunch.FindExecutable(sandbox, spec.Argv[0], spec.Environment, spec.WorkingDir) is null)
        {
            var message = $"exec: \"{spec.Argv[0]}\": executable file not found in $PATH";
            throw new ContainerStartException(
                new ContainerStateTerminated(128, null, ContainerStateTerminated.StartError, message, now, now), message);
        }

        var directory = _options.ContainerDirectory(sandbox.PodUid, spec.Name);
        Directory.CreateDirectory(directory);
        var cgroup = Capabilities.Cgroups.Usable
            ? ContainerCgroup.Create(Capabilities.Cgroups, sandbox.PodUid, spec.Name, spec.Limits with { PidsMax = spec.Limits.PidsMax ?? _options.PidsLimit })
            : null;
        var log = new ContainerLogWriter(directory, spec.RestartCount, _options.LogMaxBytes, _options.LogMaxFiles, _options.Time);
        try
        {
            return spec.Tty
                ? StartOnTerminal(sandbox, spec, cgroup, log, directory)
                : StartOnPipes(sandbox, spec, cgroup, log, directory);
        }
        catch
        {
            log.Dispose();
            cgroup?.RemoveAsync().GetAwaiter().GetResult();
            throw;
        }
    }

    private ContainerProcess StartOnPipes(PodSandbox sandbox, ContainerSpec spec, ContainerCgroup? cgroup, ContainerLogWriter log, string directory)
    {
        var stdout = MakeFifo(Path.Combine(directory, $"{spec.RestartCount}.stdout.fifo"));
        var stderr = MakeFifo(Path.Combine(directory, $"{spec.RestartCount}.stderr.fifo"));
        List<string> fifos = [stdout, stderr];

        // Holding a write end of our own lets the read-only opens return at once; it is closed after the spawn.
        var holdOut = Open(stdout, Libc.O_RDWR);
        var holdErr = Open(stderr, Libc.O_RDWR);
        var readOut = Open(stdout, Libc.O_RDONLY);
        var readErr = Open(stderr, Libc.O_RDONLY);
        FileStream? stdinWriter = null;
        int pid;
        try
        {
            var request = ContainerLaunch.Build(sandbox, cgroup, spec.Argv, spec.Environment, spec.WorkingDir,
                stdout, Libc.O_RDWR, stderr, Libc.O_RDWR);
            if (spec.Stdin)
            {
                // The agent holds the FIFO's write end (read-write, so the child's open returns at once). Without
                // stdinOnce the child opens it read-write too: it is then a writer itself and never reads end of file,
                // not even when the agent goes away; with stdinOnce the agent's close is the end of its input.
                var stdin = MakeFifo(Path.Combine(directory, $"{spec.RestartCount}.stdin.fifo"));
                fifos.Add(stdin);
                stdinWriter = new FileStream(Open(stdin, Libc.O_RDWR), FileAccess.Write, 0);
                request = request with { StdinPath = stdin, StdinFlags = spec.StdinOnce ? Libc.O_RDONLY : Libc.O_RDWR };
            }
            pid = Spawner.Spawn(request);
        }
        catch
        {
            readOut.Dispose();
            readErr.Dispose();
            stdinWriter?.Dispose();
            foreach (var fifo in fifos) File.Delete(fifo);
            throw;
        }
        finally
        {
            holdOut.Dispose();
            holdErr.Dispose();
        }
        var wait = ChildWaiter.WaitAsync(pid);
        var console = new ContainerConsole(spec.Stdin, spec.StdinOnce, stdinWriter, terminal: null);
        var pumps = new[]
        {
            OutputPump.Start(readOut, log, LogStream.Stdout, console),
            OutputPump.Start(readErr, log, LogStream.Stderr, console),
        };
        return new ContainerProcess(sandbox, spec, pid, wait, cgroup, log, directory, pumps, fifos, _options.Time, console);
    }

    /// <summary>
    /// <c>tty: true</c>: the container's stdin, stdout and stderr are a pseudo-terminal whose master the agent holds,
    /// and a <see cref="TerminalHolder"/> beside it, so the terminal outlives an agent that is killed.
    /// </summary>
    private ContainerProcess StartOnTerminal(PodSandbox sandbox, ContainerSpec spec, ContainerCgroup? cgroup, ContainerLogWriter log, string directory)
    {
        var terminal = PseudoTerminal.Open();
        int pid;
        try
        {
            var request = ContainerLaunch.Build(sandbox, cgroup, spec.Argv, spec.Environment, spec.WorkingDir, "/dev/null", Libc.O_WRONLY, null, 0);
            pid = Spawner.Spawn(request with { TerminalFd = terminal.SlaveFd });
        }
        catch
        {
            terminal.Dispose();
            throw;
        }
        terminal.CloseSlave();
        var wait = ChildWaiter.WaitAsync(pid);
        var console = new ContainerConsole(spec.Stdin, spec.StdinOnce, stdinWriter: null, terminal) { Holder = TerminalHolder.Start(terminal.Master) };
        var pumps = new[] { OutputPump.StartTerminal(terminal, log, console) };
        return new ContainerProcess(sandbox, spec, pid, wait, cgroup, log, directory, pumps, [], _options.Time, console);
    }

    private static string MakeFifo(string path)
    {
        File.Delete(path);
        if (Libc.mkfifo(path, 0x180 /* 0600 */) != 0)
        {
            throw new IOException($"mkfifo {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        return path;
    }

    private static SafeFileHandle Open(string path, int flags)
    {
        var fd = Libc.open(path, flags | Libc.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new IOException($"open {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
