using Microsoft.Win32.SafeHandles;

namespace Obs.Exporter.Containers;

/// <summary>
/// One cgroup file of a running container, kept open between scrapes (cgroupfs regenerates its content
/// on every read from offset 0) and closed when the container goes away. Reads into a buffer that is
/// kept too, so a warm scrape allocates nothing.
/// </summary>
internal sealed class CgroupFile(string path, int initialSize = 1024) : IDisposable
{
    private byte[] buffer = new byte[initialSize];
    private SafeFileHandle? handle;

    public string Path { get; } = path;

    /// <summary>The whole file, or false when it does not exist or cannot be read (a controller not enabled, a cgroup removed).</summary>
    public bool TryRead(out ReadOnlySpan<byte> text)
    {
        text = default;
        // A handle kept from an earlier scrape fails once its cgroup was removed (and perhaps made again
        // for a restarted container): open the path afresh before giving up.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var reopened = handle is null;
            try
            {
                handle ??= File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                text = ReadAll(handle);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                handle?.Dispose();
                handle = null;
                if (reopened)
                {
                    return false;
                }
            }
        }
        return false;
    }

    private ReadOnlySpan<byte> ReadAll(SafeFileHandle file)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var read = RandomAccess.Read(file, buffer.AsSpan(length), length);
            if (read == 0)
            {
                return buffer.AsSpan(0, length);
            }
            length += read;
        }
    }

    public void Dispose()
    {
        handle?.Dispose();
        handle = null;
    }
}
