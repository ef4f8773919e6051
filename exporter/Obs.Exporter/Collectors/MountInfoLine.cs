namespace Obs.Exporter.Collectors;

/// <summary>
/// One line of /proc/&lt;pid&gt;/mountinfo, sliced: <c>36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw</c>
/// is mount ID, parent ID, major:minor, root, mount point, mount options, optional fields up to <c>-</c>,
/// filesystem type, source, super options. Mount point and source have spaces and the like escaped as octal.
/// </summary>
internal readonly ref struct MountInfoLine
{
    public ReadOnlySpan<byte> MajorMinor { get; init; }

    public ReadOnlySpan<byte> MountPoint { get; init; }

    public ReadOnlySpan<byte> Options { get; init; }

    public ReadOnlySpan<byte> FsType { get; init; }

    public ReadOnlySpan<byte> Source { get; init; }

    public ReadOnlySpan<byte> SuperOptions { get; init; }

    /// <summary>The line from the mount point on: what identifies the mount for caching, as IDs are reused.</summary>
    public ReadOnlySpan<byte> Key { get; init; }

    /// <summary>False for a line that is not a mount (which the kernel never writes, but a fixture might).</summary>
    public bool IsValid => !FsType.IsEmpty;

    public static MountInfoLine Parse(ReadOnlySpan<byte> line)
    {
        var rest = line;
        ProcText.NextField(ref rest);
        ProcText.NextField(ref rest);
        var majorMinor = ProcText.NextField(ref rest);
        if (ProcText.NextField(ref rest).IsEmpty)
        {
            return default;
        }
        var keyStart = line.Length - rest.Length;
        var mountPoint = ProcText.NextField(ref rest);
        var options = ProcText.NextField(ref rest);
        while (true)
        {
            var optional = ProcText.NextField(ref rest);
            if (optional.IsEmpty)
            {
                return default;
            }
            if (optional.SequenceEqual("-"u8))
            {
                break;
            }
        }
        var fsType = ProcText.NextField(ref rest);
        var source = ProcText.NextField(ref rest);
        var superOptions = ProcText.NextField(ref rest);
        if (fsType.IsEmpty)
        {
            return default;
        }
        return new MountInfoLine
        {
            MajorMinor = majorMinor,
            MountPoint = mountPoint,
            Options = options,
            FsType = fsType,
            Source = source,
            SuperOptions = superOptions,
            Key = ProcText.Trim(line[keyStart..]),
        };
    }

    /// <summary>Undoes the kernel's octal escapes (<c>\040</c> for a space) into <paramref name="destination"/>.</summary>
    public static int Unescape(ReadOnlySpan<byte> escaped, Span<byte> destination)
    {
        var length = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == (byte)'\\' && i + 3 < escaped.Length && IsOctal(escaped[i + 1]) && IsOctal(escaped[i + 2]) && IsOctal(escaped[i + 3]))
            {
                destination[length++] = (byte)(((escaped[i + 1] - '0') << 6) | ((escaped[i + 2] - '0') << 3) | (escaped[i + 3] - '0'));
                i += 3;
                continue;
            }
            destination[length++] = escaped[i];
        }
        return length;
    }

    /// <summary>True when the comma-separated mount options include <c>ro</c>.</summary>
    public static bool IsReadOnly(ReadOnlySpan<byte> options)
    {
        foreach (var range in options.Split((byte)','))
        {
            if (options[range].SequenceEqual("ro"u8))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsOctal(byte b) => b is >= (byte)'0' and <= (byte)'7';
}
