using System.Globalization;
using System.Text.Json.Nodes;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Node;

/// <summary>
/// Builds a Node's labels and status from the machine: capacity, allocatable (capacity less the
/// configured reserve), nodeInfo, addresses, the agent's endpoint and the conditions. Pure, so
/// the shape is tested without a machine.
/// </summary>
public static class NodeStatusBuilder
{
    public const string KubeletVersion = "v1.32.0+obs";
    public const string RuntimeVersion = "obs-process://0.1.0";

    /// <summary>Condition type saying whether resource limits are enforced (False when cgroups cannot be written).</summary>
    public const string LimitsEnforced = "ResourceLimitsEnforced";

    public static JsonObject Labels(string nodeName, MachineInfo machine) => new()
    {
        ["kubernetes.io/hostname"] = nodeName,
        ["kubernetes.io/os"] = "linux",
        ["kubernetes.io/arch"] = machine.Architecture,
        ["beta.kubernetes.io/os"] = "linux",
        ["beta.kubernetes.io/arch"] = machine.Architecture,
    };

    public static IReadOnlyList<NodeCondition> Conditions(NodePressure pressure, RuntimeCapabilities capabilities)
    {
        var list = new List<NodeCondition>
        {
            pressure.Memory
                ? new("MemoryPressure", "True", "KubeletHasInsufficientMemory", $"memory available {pressure.MemoryAvailableBytes / (1024 * 1024)}Mi is below 100Mi")
                : new("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            pressure.Disk
                ? new("DiskPressure", "True", "KubeletHasDiskPressure", "less than 10% of the state directory's filesystem is free")
                : new("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            pressure.Pids
                ? new("PIDPressure", "True", "KubeletHasInsufficientPID", $"{pressure.PidsInUse} of {pressure.PidMax} PIDs are in use")
                : new("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            new("Ready", "True", "KubeletReady", "obs node agent is posting ready status"),
            capabilities.EnforcesLimits
                ? new(LimitsEnforced, "True", "CgroupsUsable", $"containers run in cgroup {capabilities.Cgroups.Version} with their limits enforced")
                : new(LimitsEnforced, "False", "CgroupsUnavailable", $"pods run without resource limits: {capabilities.Cgroups.Reason}"),
        };
        return list;
    }

    /// <summary>The status without conditions; <see cref="NodeHeartbeat"/> adds them with their times.</summary>
    public static JsonObject Status(MachineInfo machine, string address, int port, long reservedCpuMillis, long reservedMemoryBytes, int maxPods)
    {
        var cpuMillis = machine.CpuCores * 1000L;
        var allocatableCpu = Math.Max(0, cpuMillis - reservedCpuMillis);
        var allocatableMemory = Math.Max(0, machine.MemoryBytes - reservedMemoryBytes);
        return new JsonObject
        {
            ["capacity"] = new JsonObject
            {
                ["cpu"] = machine.CpuCores.ToString(CultureInfo.InvariantCulture),
                ["memory"] = Kibibytes(machine.MemoryBytes),
                ["pods"] = maxPods.ToString(CultureInfo.InvariantCulture),
                ["ephemeral-storage"] = Kibibytes(machine.DiskBytes),
            },
            ["allocatable"] = new JsonObject
            {
                ["cpu"] = allocatableCpu % 1000 == 0 ? (allocatableCpu / 1000).ToString(CultureInfo.InvariantCulture) : $"{allocatableCpu}m",
                ["memory"] = Kibibytes(allocatableMemory),
                ["pods"] = maxPods.ToString(CultureInfo.InvariantCulture),
                ["ephemeral-storage"] = Kibibytes(machine.DiskBytes),
            },
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = address },
                new JsonObject { ["type"] = "Hostname", ["address"] = machine.Hostname }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = port } },
            ["nodeInfo"] = new JsonObject
            {
                ["machineID"] = machine.MachineId,
                ["systemUUID"] = machine.MachineId,
                ["bootID"] = machine.BootId,
                ["kernelVersion"] = machine.KernelVersion,
                ["osImage"] = machine.OsImage,
                ["containerRuntimeVersion"] = RuntimeVersion,
                ["kubeletVersion"] = KubeletVersion,
                ["kubeProxyVersion"] = "",
                ["operatingSystem"] = "linux",
                ["architecture"] = machine.Architecture,
            },
        };
    }

    /// <summary>Memory as the kubelet writes it: whole kibibytes.</summary>
    public static string Kibibytes(long bytes) => (bytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki";
}
