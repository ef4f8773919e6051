using System.Runtime.InteropServices;

namespace Obs.NodeAgent.Native;

/// <summary>
/// Waits for one child with a blocking waitpid on a small thread of its own. .NET reaps only the
/// children its Process class started, so ours are left for us, and waitpid gives the exact
/// status (exit code or signal) that Process would fold together.
/// </summary>
internal static class ChildWaiter
{
    public static Task<WaitStatus> WaitAsync(int pid)
    {
        var completion = new TaskCompletionSource<WaitStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
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
        return completion.Task;
    }
}
