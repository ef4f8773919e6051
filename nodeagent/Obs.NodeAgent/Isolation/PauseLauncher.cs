using System.Runtime.InteropServices;
using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Isolation;

/// <summary>
/// Starts a pod's namespace holder (<see cref="PodSandbox"/>) and waits until it is ready, on
/// the calling thread: the spawn and the wait block in the kernel.
/// </summary>
internal static unsafe class PauseLauncher
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

    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Spawns unshare with a pipe as its stdout and waits (at most <see cref="ReadyTimeout"/>) for the pause script's "ready".</summary>
    public static (int Pid, bool Ready) SpawnAndWaitReady(string unsharePath, string hostname)
    {
        var fds = stackalloc int[2];
        if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0)
        {
            throw new IOException($"pipe2: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        try
        {
            int pid;
            try
            {
                pid = Spawner.Spawn(new SpawnRequest(
                    unsharePath,
                    [unsharePath, "--pid", "--fork", "--mount", "--uts", "--mount-proc", "--propagation", "private", "--kill-child", "/bin/sh", "-c", PauseScript, "pause", hostname],
                    ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                    "/dev/null", "/dev/null", Libc.O_WRONLY, null, 0, StdoutFd: fds[1]));
            }
            finally
            {
                // Only the child holds the write end now: if it dies first, the read below sees end-of-file.
                Libc.close(fds[1]);
            }
            return (pid, WaitReady(fds[0]));
        }
        finally
        {
            Libc.close(fds[0]);
        }
    }

    private static bool WaitReady(int fd)
    {
        var deadline = Environment.TickCount64 + (long)ReadyTimeout.TotalMilliseconds;
        var buffer = stackalloc byte[16];
        var line = 0;
        while (true)
        {
            var left = deadline - Environment.TickCount64;
            if (left <= 0) return false;
            var poll = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
            var rc = Libc.poll(&poll, 1, (int)left);
            if (rc < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
            if (rc <= 0) return false;
            var read = Libc.read(fd, buffer + line, 16 - line);
            if (read < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR) continue;
            if (read <= 0) return false;
            line += (int)read;
            if (new ReadOnlySpan<byte>(buffer, line).SequenceEqual("ready\n"u8)) return true;
            if (line >= 6) return false;
        }
    }

}
