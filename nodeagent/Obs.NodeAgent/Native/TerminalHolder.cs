using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Obs.NodeAgent.Native;

/// <summary>
/// Keeps a container's pseudo-terminal alive without the agent. The kernel hangs up a terminal (SIGHUP
/// to the container, which dies of it) once the last descriptor of its master is closed, and a killed
/// agent closes every descriptor it has. So beside each container on a terminal runs a holder: a
/// <c>sleep</c> in a session of its own whose stdin is a copy of the master. It lives as long as the
/// container; an agent started later takes a copy of the master back from it (pidfd_getfd), and the
/// container's output, attach and resize work again, as conmon does for CRI-O's containers.
/// </summary>
internal static class TerminalHolder
{
    /// <summary>
    /// Starts the holder of <paramref name="master"/>; its PID and start time, or null when it could not be started (the
    /// container then dies with the agent, as before).
    /// </summary>
    public static (int Pid, long ProcStart)? Start(SafeFileHandle master)
    {
        int pid;
        try
        {
            pid = Spawner.Spawn(new SpawnRequest("/bin/sh", ["/bin/sh", "-c", "exec sleep 2147483647", "obs-terminal-holder"],
                ["PATH=" + Runtime.ContainerLaunch.DefaultPath],
                "/dev/null", "/dev/null", Libc.O_WRONLY, null, 0, StdinFd: (int)master.DangerousGetHandle()));
        }
        catch (IOException)
        {
            return null;
        }
        // Reaped when it ends, so it never stays a zombie of the agent.
        _ = ChildWaiter.WaitAsync(pid);
        return Pods.ContainerRecords.ProcessStartTicks(pid) is { } start ? (pid, start) : null;
    }

    /// <summary>A copy of the master the holder <paramref name="pid"/> keeps, or null when that holder is gone.</summary>
    public static SafeFileHandle? TakeMaster(int pid, long procStart)
    {
        var pidfd = Libc.pidfd_open(pid);
        if (pidfd < 0) return null;
        try
        {
            // Checked after the pidfd is held: the PID cannot be given to another process while it is.
            if (!Pods.ContainerRecords.SameProcessRuns(pid, procStart)) return null;
            var master = Libc.pidfd_getfd(pidfd, 0);
            return master < 0 ? null : new SafeFileHandle(master, ownsHandle: true);
        }
        finally
        {
            Libc.close(pidfd);
        }
    }

    /// <summary>Ends the holder once its container has ended (the terminal may then close).</summary>
    public static void Stop(int pid, long procStart)
    {
        if (Pods.ContainerRecords.SameProcessRuns(pid, procStart)) Libc.kill(pid, Libc.SIGKILL);
    }
}
