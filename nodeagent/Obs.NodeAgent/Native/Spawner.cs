using System.Runtime.InteropServices;
using System.Text;

namespace Obs.NodeAgent.Native;

/// <summary>
/// Starts processes with posix_spawn. .NET's Process cannot start a child in a new session or
/// open a FIFO read-write onto its stdout, and it reports a signal death as a bare exit code;
/// the container runtime needs all three.
/// </summary>
internal static unsafe class Spawner
{
    public static int Spawn(SpawnRequest request)
    {
        if (request.PidNamespacePath is null && request.UtsNamespacePath is null && request.MountNamespacePath is null)
        {
            return SpawnHere(request, enter: null);
        }
        // setns changes the namespaces of the calling thread only: a namespace worker enters the
        // pod's for the spawn and comes back, so no other code ever runs in them.
        return NamespaceWorkers.Run(() => SpawnHere(request,
            () => NamespaceWorkers.Enter(request.PidNamespacePath, request.UtsNamespacePath, request.MountNamespacePath)));
    }

    /// <summary>
    /// Opens the child's stdin, stdout and stderr here, as the host sees the paths, then runs
    /// <paramref name="enter"/> (the namespaces, left again after the spawn) and spawns with the descriptors dup'd onto 0-2:
    /// a child born in a pod's mount namespace would resolve the paths in the pod's view, where a
    /// volume may cover them. The descriptors are close-on-exec, so no other spawn inherits them.
    /// </summary>
    private static int SpawnHere(SpawnRequest request, Func<IDisposable>? enter)
    {
        var allocations = new List<IntPtr>();
        var opened = new List<int>();
        var actions = NativeMemory.AllocZeroed(Libc.SpawnFileActionsSize);
        var attr = NativeMemory.AllocZeroed(Libc.SpawnAttrSize);
        var signals = NativeMemory.AllocZeroed(Libc.SigsetSize);
        try
        {
            Check(Libc.posix_spawn_file_actions_init(actions), "file_actions_init");
            Check(Libc.posix_spawnattr_init(attr), "spawnattr_init");
            if (request.TerminalFd >= 0)
            {
                AddTerminal(actions, request.TerminalFd, allocations);
            }
            else
            {
                var stdin = request.StdinFd >= 0 ? request.StdinFd : OpenFor(request.StdinPath, request.StdinFlags, opened);
                var stdout = request.StdoutFd >= 0 ? request.StdoutFd : OpenFor(request.StdoutPath, request.StdoutFlags, opened);
                var stderr = request.StderrPath is null ? stdout : OpenFor(request.StderrPath, request.StderrFlags, opened);
                Check(Libc.posix_spawn_file_actions_adddup2(actions, stdin, 0), "dup2 stdin");
                Check(Libc.posix_spawn_file_actions_adddup2(actions, stdout, 1), "dup2 stdout");
                Check(Libc.posix_spawn_file_actions_adddup2(actions, stderr, 2), "dup2 stderr");
            }

            // The runtime ignores SIGPIPE and may block signals; ignored dispositions and the
            // mask survive exec, so the child gets every signal back at its default.
            Libc.sigemptyset(signals);
            Check(Libc.posix_spawnattr_setsigmask(attr, signals), "setsigmask");
            Libc.sigfillset(signals);
            Libc.sigdelset(signals, Libc.SIGKILL);
            Libc.sigdelset(signals, 19);
            Check(Libc.posix_spawnattr_setsigdefault(attr, signals), "setsigdefault");
            Check(Libc.posix_spawnattr_setflags(attr, (short)(Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK)), "setflags");

            var argv = StringArray(request.Argv, allocations);
            var envp = StringArray(request.Environment, allocations);
            var path = Utf8(request.Path, allocations);
            int rc, pid;
            using (enter?.Invoke())
            {
                rc = Libc.posix_spawn(out pid, path, actions, attr, argv, envp);
            }
            if (rc != 0)
            {
                throw new IOException($"posix_spawn {request.Path}: {Marshal.GetPInvokeErrorMessage(rc)}");
            }
            return pid;
        }
        finally
        {
            Libc.posix_spawn_file_actions_destroy(actions);
            Libc.posix_spawnattr_destroy(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(attr);
            NativeMemory.Free(signals);
            foreach (var p in allocations)
            {
                NativeMemory.Free((void*)p);
            }
            foreach (var fd in opened)
            {
                Libc.close(fd);
            }
        }
    }

    /// <summary>
    /// The child opens the terminal's slave onto fd 0 and dups it onto 1 and 2. glibc runs the file
    /// actions after POSIX_SPAWN_SETSID, so the child is then a session leader without a terminal, and
    /// Linux makes a terminal such a process opens (without O_NOCTTY) its controlling terminal: what
    /// setsid + TIOCSCTTY would do in a forked child, which posix_spawn has no hook for. The slave is
    /// opened through /proc/self/fd, the descriptor the child inherited until its exec, so the pod's
    /// mount namespace (its own /dev or /dev/pts) does not matter.
    /// </summary>
    private static void AddTerminal(void* actions, int terminalFd, List<IntPtr> allocations)
    {
        var path = Utf8($"/proc/self/fd/{terminalFd}", allocations);
        Check(Libc.posix_spawn_file_actions_addopen(actions, 0, path, Libc.O_RDWR, 0), "open terminal");
        Check(Libc.posix_spawn_file_actions_adddup2(actions, 0, 1), "dup2 terminal stdout");
        Check(Libc.posix_spawn_file_actions_adddup2(actions, 0, 2), "dup2 terminal stderr");
    }

    private static int OpenFor(string path, int flags, List<int> opened)
    {
        var fd = Libc.open(path, flags | Libc.O_CLOEXEC, 0x1A0 /* 0640 */);
        if (fd < 0)
        {
            throw new IOException($"open {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        opened.Add(fd);
        return fd;
    }

    private static void Check(int rc, string what)
    {
        if (rc != 0)
        {
            throw new IOException($"posix_spawn {what}: {Marshal.GetPInvokeErrorMessage(rc)}");
        }
    }

    private static byte* Utf8(string text, List<IntPtr> allocations)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        var buffer = (byte*)NativeMemory.Alloc((nuint)count + 1);
        allocations.Add((IntPtr)buffer);
        Encoding.UTF8.GetBytes(text, new Span<byte>(buffer, count));
        buffer[count] = 0;
        return buffer;
    }

    private static byte** StringArray(IReadOnlyList<string> items, List<IntPtr> allocations)
    {
        var array = (byte**)NativeMemory.AllocZeroed((nuint)(items.Count + 1), (nuint)sizeof(byte*));
        allocations.Add((IntPtr)array);
        for (var i = 0; i < items.Count; i++)
        {
            array[i] = Utf8(items[i], allocations);
        }
        return array;
    }
}
