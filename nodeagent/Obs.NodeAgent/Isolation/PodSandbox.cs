using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Isolation;

/// <summary>
/// Holds a pod's namespaces the way the pause container does: <c>unshare --pid --mount --uts
/// --mount-proc</c> starts a shell that sets the hostname to the pod's name and waits as PID 1
/// of the pod, reaping orphans. Containers are born into its PID, UTS and mount namespaces.
/// Killing the sandbox kills PID 1, and with it every process in the pod.
/// Without namespaces the sandbox is empty and containers run in the host's.
/// </summary>
public sealed class PodSandbox : IAsyncDisposable
{
    private readonly int _unsharePid;
    private readonly Task<WaitStatus>? _unshareExited;

    private PodSandbox(string podUid, string podName, int unsharePid, int initPid, Task<WaitStatus>? exited, string? reason)
    {
        PodUid = podUid;
        PodName = podName;
        _unsharePid = unsharePid;
        InitPid = initPid;
        _unshareExited = exited;
        IsolationReason = reason;
    }

    public string PodUid { get; }

    public string PodName { get; }

    /// <summary>Host PID of the pod's PID 1, or 0 without namespaces.</summary>
    public int InitPid { get; }

    public bool Isolated => InitPid > 0;

    /// <summary>Why the pod runs in the host's namespaces, when it does.</summary>
    public string? IsolationReason { get; }

    public string? PidNamespacePath => Isolated ? $"/proc/{InitPid}/ns/pid" : null;

    public string? UtsNamespacePath => Isolated ? $"/proc/{InitPid}/ns/uts" : null;

    public string? MountNamespacePath => Isolated ? $"/proc/{InitPid}/ns/mnt" : null;

    public static PodSandbox Shared(string podUid, string podName, string reason) => new(podUid, podName, 0, 0, null, reason);

    public static async Task<PodSandbox> CreateAsync(string podUid, string podName, NamespaceSupport support, CancellationToken cancellationToken = default)
    {
        if (!support.Permitted)
        {
            return Shared(podUid, podName, support.Reason ?? "namespaces are not permitted");
        }
        var hostname = podName.Length > 63 ? podName[..63].TrimEnd('-', '.') : podName;
        cancellationToken.ThrowIfCancellationRequested();
        var (pid, ready) = await PauseLauncher.StartAsync(support.UnsharePath, hostname);
        var exited = ChildWaiter.WaitAsync(pid);
        if (ready && FirstChild(pid) is var init && init > 0)
        {
            return new PodSandbox(podUid, podName, pid, init, exited, null);
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

    /// <summary>Kills the pod's PID 1 (the kernel then kills everything in the pod) and waits.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_unshareExited is null)
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
