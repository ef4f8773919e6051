using Microsoft.Win32.SafeHandles;

namespace Obs.Exporter.Collectors;

/// <summary>
/// One kernel text file read whole into a buffer that is kept for the next scrape. /proc and /sys files
/// report a size of 0, so the file is read until end of file, and the buffer grows (once) to fit.
/// </summary>
internal sealed class ProcFile(string path, int initialSize = 4096)
{
    private byte[] buffer = new byte[initialSize];

    public string Path { get; } = path;

    /// <summary>The whole file; throws when it cannot be read.</summary>
    public ReadOnlySpan<byte> Read()
    {
        using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return ReadAll(handle);
    }

    /// <summary>The whole file, or false when it does not exist (a kernel without the feature) or the kernel refuses it.</summary>
    public bool TryRead(out ReadOnlySpan<byte> text)
    {
        try
        {
            text = Read();
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or NotSupportedException or IOException or UnauthorizedAccessException)
        {
            text = default;
            return false;
        }
    }

    private ReadOnlySpan<byte> ReadAll(SafeFileHandle handle)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var read = RandomAccess.Read(handle, buffer.AsSpan(length), length);
            if (read == 0)
            {
                return buffer.AsSpan(0, length);
            }
            length += read;
        }
    }
}
