using Obs.NodeAgent.Isolation;

namespace Obs.NodeAgent.Dns;

/// <summary>
/// Puts a pod's resolv.conf in place: the contents are written to a file of the pod's own (under
/// its state directory) and bound over /etc/resolv.conf inside the pod's mount namespace, whose
/// propagation is private, so the host's file is never touched. A pod without namespaces keeps the
/// host's resolv.conf (there is no file of its own to give it), as the result says.
/// </summary>
public static class PodResolvConfFile
{
    public const string Target = "/etc/resolv.conf";

    /// <returns>Null when the file is in place, otherwise why not.</returns>
    public static async Task<string?> InstallAsync(PodSandbox sandbox, string file, string contents, CancellationToken cancellationToken = default)
    {
        if (sandbox is not { Isolated: true }) return "the pod has no mount namespace of its own";
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, contents, cancellationToken);
        // /etc/resolv.conf may be a symlink (systemd-resolved); the bind lands on its target, still only in this namespace.
        var error = await NamespaceBindMount.BindAsync(sandbox, file, Target);
        return error is null ? null : $"mount --bind {file} {Target}: {error}";
    }
}
