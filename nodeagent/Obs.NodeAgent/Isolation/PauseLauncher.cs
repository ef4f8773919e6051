using System.IO.Pipes;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Isolation;

/// <summary>
/// Starts a pod's namespace holder (<see cref="PodSandbox"/>) and waits until it is ready.
/// </summary>
internal static class PauseLauncher
{
    // The pause process: $1 is the hostname, truncated to 63 bytes as Kubernetes does. As PID 1
    // it inherits every orphan in the pod; the shell's wait reaps any child (waitpid(-1)), so
    // orphans killed with their container do not stay zombies. Once the hostname is set and its
    // sleep runs (so containers get the PIDs after it), it says "ready" on its stdout, a pipe the
    // agent reads: the pod's start waits for exactly that, not for a poll of /proc to notice.
    private const string PauseScript =
        "echo \"$1\" > /proc/sys/kernel/hostname || exit 1; " +
        "sleep 2147483647 >/dev/null 2>&1 & echo ready; exec >/dev/null 2>&1; " +
        "while :; do wait; sleep 2147483647 & done";

    // A hostPID pod's holder is not its pod's PID 1: orphans go to the machine's init, so there is
    // nothing to reap, and a sleep started in the background would outlive the shell that is
    // killed when the pod ends. The holder becomes the sleep itself (exec), one process to kill.
    private const string HostPidPauseScript =
        "echo \"$1\" > /proc/sys/kernel/hostname || exit 1; " +
        "echo ready; exec >/dev/null 2>&1; exec sleep 2147483647";

    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Spawns unshare (on a namespace worker: posix_spawn blocks until the child has exec'd) with a
    /// pipe as its stdout, then waits, without a thread, at most <see cref="ReadyTimeout"/> for the
    /// pause script's "ready".
    /// </summary>
    /// <param name="ownPidNamespace">False for a <c>hostPID</c> pod: no PID namespace, still --fork, so the holder is unshare's child either way.</param>
    public static async Task<(int Pid, bool Ready)> StartAsync(string unsharePath, string hostname, bool ownPidNamespace = true)
    {
        var (pid, readEnd) = await NamespaceWorkers.RunAsync(() => Spawn(unsharePath, hostname, ownPidNamespace));
        await using var pipe = new AnonymousPipeClientStream(PipeDirection.In, readEnd);
        return (pid, await WaitReadyAsync(pipe));
    }

    private static unsafe (int Pid, SafePipeHandle ReadEnd) Spawn(string unsharePath, string hostname, bool ownPidNamespace)
    {
        var fds = stackalloc int[2];
        if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0)
        {
            throw new IOException($"pipe2: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        var readEnd = new SafePipeHandle(fds[0], ownsHandle: true);
        try
        {
            var pid = Spawner.Spawn(new SpawnRequest(
                unsharePath,
                [unsharePath, .. (ownPidNamespace ? (string[])["--pid"] : []), "--fork", "--mount", "--uts", "--mount-proc", "--propagation", "private", "--kill-child", "/bin/sh", "-c", ownPidNamespace ? PauseScript : HostPidPauseScript, "pause", hostname],
                ["PATH=" + Runtime.ContainerLaunch.DefaultPath],
                "/dev/null", "/dev/null", Libc.O_WRONLY, null, 0, StdoutFd: fds[1]));
            return (pid, readEnd);
        }
        catch
        {
            readEnd.Dispose();
            throw;
        }
        finally
        {
            // Only the child holds the write end now: if it dies first, the read sees end-of-file.
            Libc.close(fds[1]);
        }
    }

    private static async Task<bool> WaitReadyAsync(Stream pipe)
    {
        using var timeout = new CancellationTokenSource(ReadyTimeout);
        var buffer = new byte[16];
        var line = 0;
        try
        {
            while (line < 6)
            {
                var read = await pipe.ReadAsync(buffer.AsMemory(line), timeout.Token);
                if (read <= 0) return false;
                line += read;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        return buffer.AsSpan(0, line).SequenceEqual("ready\n"u8);
    }
}
