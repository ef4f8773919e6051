using System.Runtime.InteropServices;

namespace Obs.NodeAgent.Native;

/// <summary>
/// Waits for the agent's children. .NET reaps only the children its Process class started, so
/// ours are left for us, and waitpid gives the exact status (exit code or signal) that Process
/// would fold together. One thread polls a pidfd per child (readable once the child has exited)
/// and reaps it with waitpid: a thread per child would cost a thread start on every container
/// start and a stack per running container. Where pidfds are refused (kernels before 5.3,
/// seccomp), each child gets a thread blocked in waitpid instead.
/// </summary>
internal static unsafe class ChildWaiter
{
    private const int WNOHANG = 1;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, (int Pid, TaskCompletionSource<WaitStatus> Done)> Waiting = [];
    private static int _wakeRead = -1;
    private static int _wakeWrite = -1;

    public static Task<WaitStatus> WaitAsync(int pid)
    {
        var completion = new TaskCompletionSource<WaitStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pidfd = Libc.pidfd_open(pid);
        if (pidfd < 0 || !EnsurePoller())
        {
            if (pidfd >= 0) Libc.close(pidfd);
            WaitOnThread(pid, completion);
            return completion.Task;
        }
        lock (Gate) Waiting[pidfd] = (pid, completion);
        Wake();
        return completion.Task;
    }

    private static bool EnsurePoller()
    {
        lock (Gate)
        {
            if (_wakeRead >= 0) return true;
            var fds = stackalloc int[2];
            if (Libc.pipe2(fds, Libc.O_CLOEXEC | Libc.O_NONBLOCK) != 0) return false;
            (_wakeRead, _wakeWrite) = (fds[0], fds[1]);
            new Thread(Poll, 128 * 1024) { IsBackground = true, Name = "child waiter" }.Start();
            return true;
        }
    }

    private static void Wake()
    {
        byte one = 1;
        Libc.write(_wakeWrite, &one, 1);
    }

    private static void Poll()
    {
        var buffer = stackalloc byte[64];
        var fds = new List<int>();
        while (true)
        {
            fds.Clear();
            lock (Gate) fds.AddRange(Waiting.Keys);
            var polls = new Libc.PollFd[fds.Count + 1];
            polls[0] = new Libc.PollFd { Fd = _wakeRead, Events = Libc.POLLIN };
            for (var i = 0; i < fds.Count; i++) polls[i + 1] = new Libc.PollFd { Fd = fds[i], Events = Libc.POLLIN };
            int rc;
            fixed (Libc.PollFd* p = polls) rc = Libc.poll(p, (nuint)polls.Length, -1);
            if (rc < 0) continue;
            if (polls[0].Revents != 0)
            {
                while (Libc.read(_wakeRead, buffer, 64) > 0) { }
            }
            for (var i = 1; i < polls.Length; i++)
            {
                if (polls[i].Revents != 0) Reap(polls[i].Fd);
            }
        }
    }

    private static void Reap(int pidfd)
    {
        (int Pid, TaskCompletionSource<WaitStatus> Done) entry;
        lock (Gate)
        {
            if (!Waiting.Remove(pidfd, out entry)) return;
        }
        Libc.close(pidfd);
        while (true)
        {
            var rc = Libc.waitpid(entry.Pid, out var status, WNOHANG);
            if (rc == entry.Pid)
            {
                entry.Done.TrySetResult(WaitStatus.Decode(status));
                return;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (rc < 0 && errno == Libc.EINTR) continue;
            if (rc == 0)
            {
                // Readable yet not reapable cannot happen for an exited child; wait the old way rather than lose it.
                WaitOnThread(entry.Pid, entry.Done);
                return;
            }
            entry.Done.TrySetException(new IOException($"waitpid {entry.Pid}: {Marshal.GetPInvokeErrorMessage(errno)}"));
            return;
        }
    }

    private static void WaitOnThread(int pid, TaskCompletionSource<WaitStatus> completion)
    {
        var thread = new Thread(() =>
        {
            while (true)
            {
                var rc = Libc.waitpid(pid, out var status, 0);
                if (rc == pid)
                {
                    completion.TrySetResult(WaitStatus.Decode(status));
                    return;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (rc < 0 && errno == Libc.EINTR)
                {
                    continue;
                }
                completion.TrySetException(new IOException($"waitpid {pid}: {Marshal.GetPInvokeErrorMessage(errno)}"));
                return;
            }
        }, 128 * 1024)
        {
            IsBackground = true,
            Name = $"wait {pid}",
        };
        thread.Start();
    }
}
