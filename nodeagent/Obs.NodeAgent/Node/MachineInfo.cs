using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Obs.NodeAgent.Node;

/// <summary>
/// What the machine is, read the way the kubelet's cadvisor does: CPUs, memory from
/// /proc/meminfo, the state directory's filesystem, kernel, OS image, machine and boot IDs.
/// The proc and etc paths are parameters so tests read fixtures.
/// </summary>
public sealed record MachineInfo(
    int CpuCores,
    long MemoryBytes,
    long DiskBytes,
    string KernelVersion,
    string OsImage,
    string Architecture,
    string MachineId,
    string BootId,
    string Hostname)
{
    public static MachineInfo Read(string stateDirectory, string procRoot = "/proc", string etcRoot = "/etc") => new(
        Environment.ProcessorCount,
        MeminfoBytes(ReadOr(Path.Combine(procRoot, "meminfo"), ""), "MemTotal") ?? 0,
        DiskTotal(stateDirectory),
        ReadOr(Path.Combine(procRoot, "sys/kernel/osrelease"), "unknown").Trim(),
        OsRelease(ReadOr(Path.Combine(etcRoot, "os-release"), ""), "PRETTY_NAME") ?? "Linux",
        GoArchitecture(RuntimeInformation.OSArchitecture),
        ReadOr(Path.Combine(etcRoot, "machine-id"), "").Trim(),
        ReadOr(Path.Combine(procRoot, "sys/kernel/random/boot_id"), "").Trim(),
        Environment.MachineName.ToLowerInvariant());

    /// <summary>A field of /proc/meminfo ("MemTotal:  16318480 kB") in bytes.</summary>
    public static long? MeminfoBytes(string meminfo, string field)
    {
        foreach (var line in meminfo.Split('\n'))
        {
            if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
            var parts = line[(field.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !long.TryParse(parts[0], out var value)) return null;
            return parts.Length > 1 && parts[1] == "kB" ? value * 1024 : value;
        }
        return null;
    }

    /// <summary>A key of /etc/os-release, unquoted.</summary>
    public static string? OsRelease(string text, string key)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(key + "=", StringComparison.Ordinal)) continue;
            return line[(key.Length + 1)..].Trim().Trim('"');
        }
        return null;
    }

    /// <summary>Architecture names as Go's GOARCH spells them, which is what Kubernetes labels carry.</summary>
    public static string GoArchitecture(Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    /// <summary>The host's first non-loopback IPv4 address on an interface that is up; 127.0.0.1 when there is none.</summary>
    public static string HostAddress()
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback) continue;
            foreach (var address in nic.GetIPProperties().UnicastAddresses)
            {
                if (address.Address.AddressFamily == AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(address.Address))
                    return address.Address.ToString();
            }
        }
        return "127.0.0.1";
    }

    internal static long DiskTotal(string path)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(path)).TotalSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return 0;
        }
    }

    internal static long DiskAvailable(string path)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(path)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return 0;
        }
    }

    internal static string ReadOr(string path, string fallback)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return fallback;
        }
    }
}
