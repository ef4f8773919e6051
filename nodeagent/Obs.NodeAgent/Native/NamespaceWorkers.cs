using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Obs.NodeAgent.Native;

/// <summary>
/// A few long-lived threads for the agent's work that blocks in the kernel (cgroup directories,
/// FIFOs, posix_spawn, mounts) or has to run inside a pod's namespaces. They replace a thread
/// started per operation: .NET's Thread.Start waits until the new thread runs, so under load
/// each of the nine threads a pod start used to make cost a wait for the scheduler, on the pod's
/// way to Running. Each worker has a file-system context of its own (unshare CLONE_FS), which
/// setns into a mount namespace needs, and keeps descriptors of the agent's own namespaces, so
/// <see cref="Enter"/> can bring it back after a spawn into a pod. A worker that cannot get
/// back is never reused: it ends and another takes its place.
/// </summary>
internal static class NamespaceWorkers
{
    // Spawns take a few milliseconds; four lets pod starts overlap without a thread each.
    private const int Count = 4;

    private static readonly BlockingCollection<Action> Queue = new();

    [ThreadStatic]
    private static Worker? _current;

    static NamespaceWorkers()
    {
        for (var i = 0; i < Count; i++) StartWorker(replacing: false);
    }

    /// <summary>Runs <paramref name="work"/> on a worker; its result (or exception) completes the task off the worker.</summary>
    public static Task<T> RunAsync<T>(Func<T> work)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add(() =>
        {
            try
            {
                result.SetResult(work());
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        });
        return result.Task;
    }

    /// <summary>Runs <paramref name="work"/> here when this is a worker, otherwise on one, waiting for it.</summary>
    public static T Run<T>(Func<T> work) => _current is not null ? work() : RunAsync(work).GetAwaiter().GetResult();

    /// <summary>
    /// Moves this worker thread into the given namespaces (paths such as /proc/PID/ns/mnt; null
    /// leaves that one alone) until the result is disposed. Only on a worker thread.
    /// </summary>
    public static Entered Enter(string? pidNamespace, string? utsNamespace, string? mountNamespace)
    {
        var worker = _current ?? throw new InvalidOperationException("namespaces are entered only on a namespace worker thread");
        var entered = new Entered(worker);
        try
        {
            if (pidNamespace is not null) entered.Add(Libc.CLONE_NEWPID, worker.HostPid, pidNamespace);
            if (utsNamespace is not null) entered.Add(Libc.CLONE_NEWUTS, worker.HostUts, utsNamespace);
            if (mountNamespace is not null) entered.Add(Libc.CLONE_NEWNS, worker.HostMount, mountNamespace);
            return entered;
        }
        catch
        {
            entered.Dispose();
            throw;
        }
    }

    private static void StartWorker(bool replacing)
    {
        var thread = new Thread(() => Loop(replacing), 256 * 1024) { IsBackground = true, Name = "namespace worker" };
        thread.Start();
    }

    private static void Loop(bool replacing)
    {
        Worker worker;
        try
        {
            worker = Worker.Open();
        }
        catch (IOException)
        {
            // A replacement that cannot leave the stranded worker's namespaces must not serve.
            if (replacing) return;
            // Without privileges (setns needs CAP_SYS_ADMIN) this thread enters none: spawns into
            // a pod fail with the reason, and the agent's own work still runs.
            worker = new Worker(-1, -1, -1, -1);
        }
        _current = worker;
        foreach (var work in Queue.GetConsumingEnumerable())
        {
            work();
            if (worker.Stranded)
            {
                StartWorker(replacing: true);
                return;
            }
        }
    }

    /// <summary>What a worker needs to come back: descriptors of the agent's namespaces and working directory.</summary>
    internal sealed class Worker(int hostPid, int hostUts, int hostMount, int workingDirectory)
    {
        public int HostPid { get; } = hostPid;
        public int HostUts { get; } = hostUts;
        public int HostMount { get; } = hostMount;
        public int WorkingDirectory { get; } = workingDirectory;

        /// <summary>Set when a namespace could not be left: the thread is in a pod's and must not run more work.</summary>
        public bool Stranded { get; set; }

        /// <summary>
        /// Takes the agent's namespaces and working directory from its main thread (/proc/self), which
        /// never enters a pod's, and moves this thread into them: a worker that replaces a stranded
        /// one was started from inside a pod's namespaces and would otherwise take them for the agent's.
        /// </summary>
        public static Worker Open()
        {
            if (Libc.unshare(Libc.CLONE_FS) != 0) throw new IOException($"unshare CLONE_FS: {Marshal.GetLastPInvokeErrorMessage()}");
            var worker = new Worker(OpenNamespace("pid"), OpenNamespace("uts"), OpenNamespace("mnt"), Libc.open("/proc/self/cwd", Libc.O_PATH | Libc.O_CLOEXEC, 0));
            if (worker.WorkingDirectory < 0
                || Libc.setns(worker.HostMount, Libc.CLONE_NEWNS) != 0 || Libc.fchdir(worker.WorkingDirectory) != 0
                || Libc.setns(worker.HostUts, Libc.CLONE_NEWUTS) != 0 || Libc.setns(worker.HostPid, Libc.CLONE_NEWPID) != 0)
            {
                throw new IOException($"joining the agent's namespaces: {Marshal.GetLastPInvokeErrorMessage()}");
            }
            return worker;
        }

        private static int OpenNamespace(string type)
        {
            var fd = Libc.open($"/proc/self/ns/{type}", Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
            return fd >= 0 ? fd : throw new IOException($"open /proc/self/ns/{type}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    /// <summary>The namespaces a worker entered; disposing goes back to the agent's, in reverse order.</summary>
    internal sealed class Entered(Worker worker) : IDisposable
    {
        private readonly List<(int Type, int HostFd)> _entered = [];

        public void Add(int type, int hostFd, string path)
        {
            if (hostFd < 0) throw new IOException($"setns {path}: this thread cannot come back to the agent's namespaces");
            if (type == Libc.CLONE_NEWNS && worker.WorkingDirectory < 0) throw new IOException($"setns {path}: this thread has no file-system context of its own");
            // A thread started from this one (the thread pool adds workers from the thread that
            // queues work) shares its file-system context, and setns into a mount namespace then
            // fails: a fresh copy, with the agent's root and cwd, is this thread's alone again.
            if (type == Libc.CLONE_NEWNS && Libc.unshare(Libc.CLONE_FS) != 0) throw new IOException($"unshare CLONE_FS: {Marshal.GetLastPInvokeErrorMessage()}");
            var fd = Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
            if (fd < 0) throw new IOException($"open {path}: {Marshal.GetLastPInvokeErrorMessage()}");
            try
            {
                if (Libc.setns(fd, type) != 0) throw new IOException($"setns {path}: {Marshal.GetLastPInvokeErrorMessage()}");
                _entered.Add((type, hostFd));
            }
            finally
            {
                Libc.close(fd);
            }
        }

        public void Dispose()
        {
            for (var i = _entered.Count - 1; i >= 0; i--)
            {
                var (type, hostFd) = _entered[i];
                // setns into a mount namespace moves root and cwd to its root: cwd goes back to the agent's.
                if (Libc.setns(hostFd, type) != 0 || (type == Libc.CLONE_NEWNS && Libc.fchdir(worker.WorkingDirectory) != 0))
                {
                    worker.Stranded = true;
                }
            }
            _entered.Clear();
        }
    }
}
