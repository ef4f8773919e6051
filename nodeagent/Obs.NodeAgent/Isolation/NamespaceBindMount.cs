using System.Runtime.InteropServices;
using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Isolation;

/// <summary>
/// Bind-mounts a host file or directory over a path inside a pod's mount namespace with
/// syscalls (setns, mkdir, mount), where <see cref="MountNamespaceCommand"/> would start nsenter,
/// a shell and mount as processes: a pod start pays for that on its way to Running, and under load
/// process starts cost far more than the mount. The calls run on a namespace worker, which has a
/// file-system context of its own (setns into a mount namespace requires one) and comes back to
/// the agent's mount namespace afterwards, so no other code ever sees the pod's mounts.
/// </summary>
internal static class NamespaceBindMount
{
    private const ulong MS_RDONLY = 0x1;
    private const ulong MS_REMOUNT = 0x20;

    /// <param name="createTarget">Makes the target first, inside the namespace, as a directory for a directory source and an empty file (with its parent directories) otherwise.</param>
    /// <param name="readOnly">Remounts the bind read-only, as <c>mount -o remount,bind,ro</c>.</param>
    /// <returns>Null when the bind is in place, otherwise why not (the target stays as it was).</returns>
    public static Task<string?> BindAsync(PodSandbox sandbox, string source, string target, bool createTarget = false, bool readOnly = false)
    {
        if (sandbox.MountNamespacePath is not { } mountNamespace) return Task.FromResult<string?>("the pod has no mount namespace of its own");
        return NamespaceWorkers.RunAsync(() =>
        {
            try
            {
                using var entered = NamespaceWorkers.Enter(null, null, mountNamespace);
                return Bind(source, target, createTarget, readOnly);
            }
            catch (IOException e)
            {
                return e.Message;
            }
        });
    }

    /// <summary>Runs inside the pod's mount namespace: paths resolve in the pod's view.</summary>
    private static string? Bind(string source, string target, bool createTarget, bool readOnly)
    {
        if (createTarget && CreateTarget(source, target) is { } failed) return failed;
        if (Libc.mount(source, target, null, Libc.MS_BIND, IntPtr.Zero) != 0) return Marshal.GetLastPInvokeErrorMessage();
        if (readOnly && Libc.mount(null, target, null, Libc.MS_BIND | MS_REMOUNT | MS_RDONLY, IntPtr.Zero) != 0)
            return $"remount read-only: {Marshal.GetLastPInvokeErrorMessage()}";
        return null;
    }

    private static string? CreateTarget(string source, string target)
    {
        try
        {
            if (Directory.Exists(source))
            {
                Directory.CreateDirectory(target);
                return null;
            }
            if (Path.GetDirectoryName(target) is { Length: > 0 } parent) Directory.CreateDirectory(parent);
            if (!Path.Exists(target)) File.WriteAllBytes(target, []);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"creating {target}: {e.Message}";
        }
    }
}
