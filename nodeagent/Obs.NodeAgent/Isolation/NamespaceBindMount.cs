using System.Runtime.InteropServices;
using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Isolation;

/// <summary>
/// Bind-mounts a host file or directory over a path inside a pod's mount namespace with two
/// syscalls, setns and mount, where <see cref="MountNamespaceCommand"/> would start nsenter and
/// mount as processes: a pod start pays for that on its way to Running, and under load two
/// process starts cost far more than the mount. The calls run on a thread of their own that first
/// leaves the process's shared file-system context (unshare CLONE_FS, which setns into a mount
/// namespace requires) and then ends, so no other thread ever sees the pod's mounts.
/// </summary>
internal static class NamespaceBindMount
{
    /// <returns>Null when the bind is in place, otherwise why not (the target stays as it was).</returns>
    public static Task<string?> BindAsync(PodSandbox sandbox, string source, string target)
    {
        if (sandbox.MountNamespacePath is not { } mountNamespace) return Task.FromResult<string?>("the pod has no mount namespace of its own");
        var result = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => result.SetResult(Bind(mountNamespace, source, target)), 128 * 1024)
        {
            IsBackground = true,
            Name = "bind mount",
        };
        thread.Start();
        return result.Task;
    }

    private static string? Bind(string mountNamespace, string source, string target)
    {
        if (Libc.unshare(Libc.CLONE_FS) != 0) return $"unshare: {Marshal.GetLastPInvokeErrorMessage()}";
        var fd = Libc.open(mountNamespace, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return $"open {mountNamespace}: {Marshal.GetLastPInvokeErrorMessage()}";
        try
        {
            if (Libc.setns(fd, Libc.CLONE_NEWNS) != 0) return $"setns {mountNamespace}: {Marshal.GetLastPInvokeErrorMessage()}";
        }
        finally
        {
            Libc.close(fd);
        }
        return Libc.mount(source, target, null, Libc.MS_BIND, IntPtr.Zero) == 0 ? null : Marshal.GetLastPInvokeErrorMessage();
    }
}
