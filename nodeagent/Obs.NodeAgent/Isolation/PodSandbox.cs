using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Isolation;

/// <summary>
/// Holds a pod's namespaces the way the pause container does: <c>unshare --pid --mount --uts
/// --mount-proc</c> starts a shell that sets the pod's hostname and waits as PID 1
/// of the pod, reaping orphans. Containers are born into its PID, UTS and mount namespaces.
/// Killing the sandbox kills PID 1, and with it every process in the pod.
/// A <c>hostPID</c> pod's sandbox makes no PID namespace (its containers see the machine's
/// processes) but still its own mount and UTS namespaces.
/// Without namespaces the sandbox is empty and containers run in the host's.
/// </summary>
/// <remarks>
/// The holder outlives the agent (unshare is reparented, and nothing kills it), so a restarted
/// agent takes the sandbox back with <see cref="Adopt"/>: its namespaces are the holder's, named
/// by PID and checked by the process's start time, since the holder is no child of the new agent
/// and its PID could be reused once it ends.
/// </remarks>
public sealed class PodSandbox : IAsyncDisposable
{
    private readonly int _unsharePid;
    private readonly Task<WaitStatus>? _unshareExited;
    /// <summary>The adopted holder's start time (clock ticks since boot); null for one this agent run started.</summary>
    private readonly long? _adoptedProcStart;

    private PodSandbox(string podUid, string podName, int unsharePid, int initPid, Task<WaitStatus>? exited, string? reason, bool hostPid = false, long? adoptedProcStart = null)
    {
        PodUid = podUid;
        PodName = podName;
        _unsharePid = unsharePid;
        InitPid = initPid;
        _unshareExited = exited;
        IsolationReason = reason;
        HostPid = hostPid;
        _adoptedProcStart = adoptedProcStart;
    }

    public string PodUid { get; }

    public string PodName { get; }

    /// <summary>Host PID of the pod's namespace holder (its PID 1 unless <see cref="HostPid"/>), or 0 without namespaces.</summary>
    public int InitPid { get; }

    public bool Isolated => InitPid > 0;

    /// <summary>The pod shares the machine's PID namespace (<c>hostPID: true</c>).</summary>
    public bool HostPid { get; }

    /// <summary>Taken over from a previous run of the agent.</summary>
    public bool Adopted => _adoptedProcStart is not null;

    /// <summary>Why the pod runs in the host's namespaces, when it does.</summary>
    public string? IsolationReason { get; }

    /// <summary>Whether the namespace holder still runs: once it is gone, so are the pod's namespaces (and, with its PID namespace, its processes).</summary>
    public bool Alive => !Isolated || (_adoptedProcStart is { } start
        ? Pods.ContainerRecords.SameProcessRuns(InitPid, start)
        : _unshareExited is { IsCompleted: false });

    public string? PidNamespacePath => Isolated && !HostPid ? $"/proc/{InitPid}/ns/pid" : null;

    public string? UtsNamespacePath => Isolated ? $"/proc/{InitPid}/ns/uts" : null;

    public string? MountNamespacePath => Isolated ? $"/proc/{InitPid}/ns/mnt" : null;

    public static PodSandbox Shared(string podUid, string podName, string reason) => new(podUid, podName, 0, 0, null, reason);

    /// <summary>
    /// The sandbox a previous run of the agent made, whose holder is <paramref name="initPid"/> started at
    /// <paramref name="procStart"/>: containers started from now on join its namespaces, as the pod's others did.
    /// </summary>
    public static PodSandbox Adopt(string podUid, string podName, int initPid, long procStart)
    {
        var hostPid = NamespaceOf(initPid, "pid") is { } pid && pid == NamespaceOf(Environment.ProcessId, "pid");
        return new PodSandbox(podUid, podName, 0, initPid, null, null, hostPid, procStart);
    }

    /// <param name="hostPid">Make no PID namespace: the pod's processes see the machine's (<c>hostPID: true</c>).</param>
    /// <param name="hostname">The hostname its processes see; null: the pod's name cut to 63 characters.</param>
    public static async Task<PodSandbox> CreateAsync(string podUid, string podName, NamespaceSupport support, bool hostPid = false, string? hostname = null, CancellationToken cancellationToken = default)
    {
        if (!support.Permitted)
        {
            return Shared(podUid, podName, support.Reason ?? "namespaces are not permitted");
        }
        hostname ??= Pods.PodHostname.FromName(podName);
        cancellationToken.ThrowIfCancellationRequested();
        var (pid, ready) = await PauseLauncher.StartAsync(support.UnsharePath, hostname, ownPidNamespace: !hostPid);
        var exited = ChildWaiter.WaitAsync(pid);
        if (ready && FirstChild(pid) is var init && init > 0)
        {
            return new PodSandbox(podUid, podName, pid, init, exited, null, hostPid);
        }
        if (!ready && !exited.IsCompleted)
        {
            Libc.kill(pid, Libc.SIGKILL);
            await exited;
            return Shared(podUid, podName, $"the pod's namespace holder did not start within {PauseLauncher.ReadyTimeout.TotalSeconds:0} s");
        }
        Libc.kill(pid, Libc.SIGKILL);
        return Shared(podUid, podName, $"unshare exited with {(await exited).ReportedExitCode}");
    }

    private static int FirstChild(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Trim();
            var first = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return int.TryParse(first, out var child) ? child : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string? NamespaceOf(int pid, string type)
    {
        try { return new FileInfo($"/proc/{pid}/ns/{type}").LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Kills the pod's PID 1 (the kernel then kills everything in the pod) and waits.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_adoptedProcStart is { } start)
        {
            // Not our child: its parent (unshare, reparented) reaps it; the holder is gone once /proc says so.
            if (!Pods.ContainerRecords.SameProcessRuns(InitPid, start)) return;
            Libc.kill(InitPid, Libc.SIGKILL);
            for (var i = 0; i < 100 && Pods.ContainerRecords.SameProcessRuns(InitPid, start); i++) await Task.Delay(20);
            return;
        }
        // Gone already (killed from outside): unshare has reaped PID 1, whose number may be another process's now.
        if (_unshareExited is null || _unshareExited.IsCompleted)
        {
            return;
        }
        // PID 1 first: unshare has not reaped it yet, so the PID cannot have been reused.
        Libc.kill(InitPid, Libc.SIGKILL);
        if (await Task.WhenAny(_unshareExited, Task.Delay(2000)) != _unshareExited)
        {
            Libc.kill(_unsharePid, Libc.SIGKILL);
        }
        await _unshareExited;
    }
}
