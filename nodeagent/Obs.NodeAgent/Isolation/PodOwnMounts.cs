using System.Text;

namespace Obs.NodeAgent.Isolation;

/// <summary>
/// The mount points a pod's mount namespace has and the agent's has not: what an agent run mounted
/// there (volume binds, the pod's own /tmp, its resolv.conf, memory volumes' tmpfs). A restarted
/// agent reads them from the sandbox it adopts, so a container it starts there finds its volumes
/// where the pod's other containers do, and nothing is bound a second time on top.
/// </summary>
/// <remarks>
/// A mount is told by its device, its root within that device and its mount point (fields 3-5 of
/// mountinfo): the pod's namespace began as a copy of the machine's, whose mounts keep all three,
/// while a bind over a path the machine also mounts (a /tmp that is a tmpfs) differs in device or root.
/// </remarks>
public static class PodOwnMounts
{
    public static HashSet<string> Read(int podPid)
    {
        try
        {
            return Difference(File.ReadAllLines($"/proc/{podPid}/mountinfo"), File.ReadAllLines("/proc/self/mountinfo"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }
    }

    public static HashSet<string> Difference(IEnumerable<string> podMountInfo, IEnumerable<string> agentMountInfo)
    {
        var agent = agentMountInfo.Select(Key).OfType<(string, string, string)>().ToHashSet();
        return podMountInfo.Select(Key).OfType<(string Device, string Root, string MountPoint)>()
            .Where(k => !agent.Contains(k)).Select(k => k.MountPoint).ToHashSet(StringComparer.Ordinal);
    }

    private static (string Device, string Root, string MountPoint)? Key(string line)
    {
        var fields = line.Split(' ');
        return fields.Length > 4 ? (fields[2], Unescape(fields[3]), Unescape(fields[4])) : null;
    }

    /// <summary>The kernel writes a space, tab, newline or backslash in a path as a backslash and three octal digits.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field.AsSpan(i + 1, 3)))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }

    private static bool IsOctal(ReadOnlySpan<char> digits)
    {
        foreach (var c in digits) if (c is < '0' or > '7') return false;
        return true;
    }
}
