using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Volumes;

/// <summary>
/// A persistentVolumeClaim volume: claim → bound PersistentVolume → the directory it names
/// (<c>spec.local.path</c> or <c>spec.hostPath.path</c>). A local-path volume's directory is made here
/// on first use, under <see cref="LocalVolumeRoot"/>; a local volume elsewhere must already exist,
/// as Kubernetes requires. Until the claim is bound the pod waits in ContainerCreating.
/// </summary>
public static class ClaimVolume
{
    /// <summary>Where this agent keeps local-path volumes: <c>{state}/volumes</c>. Announced on the Node for the provisioner.</summary>
    public static string LocalVolumeRoot(string stateDirectory) => Path.Combine(Path.GetFullPath(stateDirectory), "volumes");

    public static async Task<string> ResolveAsync(ApiClient client, string stateDirectory, string ns, string claimName, CancellationToken cancellationToken)
    {
        var claim = await client.TryGetAsync(ResourceTypes.PersistentVolumeClaim, ns, claimName, cancellationToken)
            ?? throw NotReady($"persistentvolumeclaim \"{claimName}\" not found");
        if (ObjectMeta.DeletionTimestamp(claim) is not null) throw NotReady($"persistentvolumeclaim \"{claimName}\" is being deleted");
        if (claim.StringAt("spec", "volumeName") is not { Length: > 0 } volumeName || claim.StringAt("status", "phase") != "Bound")
            throw NotReady($"persistentvolumeclaim \"{claimName}\" is not bound yet");
        var volume = await client.TryGetAsync(ResourceTypes.PersistentVolume, null, volumeName, cancellationToken)
            ?? throw NotReady($"persistentvolume \"{volumeName}\" not found");
        return Directory(volume, stateDirectory);
    }

    /// <summary>The volume's directory on this node, made when it lies in this agent's own local-path root.</summary>
    public static string Directory(JsonObject volume, string stateDirectory)
    {
        var name = ObjectMeta.Name(volume);
        if (volume.StringAt("spec", "local", "path") is { Length: > 0 } local)
        {
            if (IsOwn(local, stateDirectory)) System.IO.Directory.CreateDirectory(local);
            else if (!System.IO.Directory.Exists(local)) throw NotReady($"local volume \"{name}\": path \"{local}\" does not exist on this node");
            return local;
        }
        if (volume["spec"]?["hostPath"] is JsonObject hostPath && hostPath.StringAt("path") is { Length: > 0 } path)
        {
            if (hostPath.StringAt("type") == "DirectoryOrCreate") System.IO.Directory.CreateDirectory(path);
            return path;
        }
        throw new EnvironmentException($"persistentvolume \"{name}\": only local and hostPath volumes can be mounted by the process runtime");
    }

    /// <summary>Whether <paramref name="path"/> is a directory directly inside this agent's local-path root (never the root itself, never outside it).</summary>
    public static bool IsOwn(string path, string stateDirectory)
    {
        var root = LocalVolumeRoot(stateDirectory);
        var full = Path.GetFullPath(path);
        return Path.GetDirectoryName(full) == root && Path.GetFileName(full) is { Length: > 0 } leaf && leaf is not ("." or "..");
    }

    private static EnvironmentException NotReady(string message) => new(message, ContainerStateWaiting.ContainerCreating);
}
