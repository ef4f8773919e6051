using Microsoft.Extensions.Logging;
using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Isolation;
using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// Pods an earlier run of the agent left in its state directory that are no longer this node's:
/// deleted while the agent was down (forcibly, or by someone who would not wait), so no worker
/// will ever stop them and their processes would run, and hold ports, for good. As the kubelet's
/// pod clean-up does once its pod sources have synced, their containers, sandbox, cgroups,
/// mount points and state go.
/// </summary>
internal static class OrphanedPods
{
    /// <summary>Removes every pod under <c>{stateDirectory}/pods</c> whose UID is not in <paramref name="known"/>, and logs each.</summary>
    public static async Task RemoveAsync(string stateDirectory, IReadOnlySet<string> known, CgroupSupport cgroups, ILogger logger)
    {
        var podsDirectory = Path.Combine(stateDirectory, "pods");
        if (!Directory.Exists(podsDirectory)) return;
        foreach (var podDirectory in Directory.GetDirectories(podsDirectory))
        {
            var uid = Path.GetFileName(podDirectory);
            if (known.Contains(uid)) continue;
            try
            {
                await RemovePodAsync(podsDirectory, podDirectory, uid, cgroups);
                logger.LogInformation("pod {Uid} is no longer bound to this node (deleted while the agent was down): its processes and state are removed", uid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "pod {Uid}, deleted while the agent was down, could not be removed entirely", uid);
            }
        }
    }

    private static async Task RemovePodAsync(string podsDirectory, string podDirectory, string uid, CgroupSupport cgroups)
    {
        // Each container by its record (same PID, start time and boot): its session, then what its cgroup still holds.
        foreach (var container in Directory.GetDirectories(podDirectory))
        {
            if (ContainerRecords.Read(container) is { Alive: true } run)
            {
                Libc.kill(-run.Pid, Libc.SIGKILL);
                Libc.kill(run.Pid, Libc.SIGKILL);
            }
        }
        foreach (var cgroup in ContainerCgroup.ExistingOfPod(cgroups, uid)) await cgroup.RemoveAsync();
        if (ContainerRecords.LiveSandbox(podDirectory) is { } holder)
        {
            await PodSandbox.Adopt(uid, uid, holder.Pid, holder.ProcStart).DisposeAsync();
        }
        // The pod's mount namespace is gone with its last process: what its binds made on the host goes, then its state.
        MountPoints.Release(podsDirectory, podDirectory);
        try { Directory.Delete(podDirectory, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
