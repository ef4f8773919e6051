using System.Text;

namespace Obs.Exporter.Collectors;

/// <summary>node_exporter's cleaning of hwmon chip, sensor and element names into metric-name material.</summary>
internal static class HwmonNames
{
    /// <summary>Lower case, every character outside <c>[a-z0-9:_]</c> made an underscore, underscores trimmed at both ends.</summary>
    public static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.ToLowerInvariant().EnumerateRunes())
        {
            builder.Append(rune.Value is (>= 'a' and <= 'z') or (>= '0' and <= '9') or ':' or '_' ? (char)rune.Value : '_');
        }
        return builder.ToString().Trim('_');
    }

    /// <summary>
    /// The chip label of a hwmon directory, stable across reboots where hwmonN is not: from the device it monitors,
    /// <c>&lt;parent&gt;_&lt;device&gt;</c> of its real path (<c>/sys/devices/platform/coretemp.0</c> gives
    /// <c>platform_coretemp_0</c>); else the chip's <c>name</c> file; else the hwmon directory's own name.
    /// </summary>
    public static string? Chip(string hwmonDirectory)
    {
        if (RealPath(Path.Join(hwmonDirectory, "device")) is { } device)
        {
            var deviceName = Clean(Path.GetFileName(device));
            var parent = Clean(Path.GetFileName(Path.GetDirectoryName(device) ?? ""));
            if (deviceName.Length > 0)
            {
                return parent.Length > 0 ? parent + "_" + deviceName : deviceName;
            }
        }
        if (HumanName(hwmonDirectory) is { } name)
        {
            return name;
        }
        return RealPath(hwmonDirectory) is { } real && Clean(Path.GetFileName(real)) is { Length: > 0 } own ? own : null;
    }

    /// <summary>The chip's <c>name</c> file cleaned (<c>coretemp</c>, <c>nct6775</c>), for <c>node_hwmon_chip_names</c>; null without one.</summary>
    public static string? HumanName(string hwmonDirectory)
    {
        try
        {
            var name = Clean(File.ReadAllText(Path.Join(hwmonDirectory, "name")));
            return name.Length > 0 ? name : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The path with every symbolic link on it resolved, as realpath(3); null when it does not exist.</summary>
    private static string? RealPath(string path)
    {
        var buffer = new byte[LibC.PathMax];
        var native = Encoding.UTF8.GetBytes(path + "\0");
        if (LibC.RealPath(ref native[0], ref buffer[0]) == IntPtr.Zero)
        {
            return null;
        }
        return Encoding.UTF8.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0));
    }
}
