using Microsoft.Win32.SafeHandles;

namespace Obs.Exporter.Collectors;

/// <summary>
/// One kernel text file read whole into a buffer that is kept for the next scrape. /proc and /sys files
/// report a size of 0, so the file is read until end of file, and the buffer grows (once) to fit.
/// </summary>
/// <remarks>
/// The file stays open between scrapes: the kernel regenerates a seq_file or sysfs attribute whenever it is
/// read from offset 0 again, and keeping the handle saves the open and close calls and the handle object.
/// <para>
/// <paramref name="end"/> lets the files that allow it skip the read that returns 0 (<see cref="FileEnd"/>): for
/// /proc/net/udp and udp6 that read walked the whole UDP hash table again (16k slots and more) only to find nothing,
/// as costly as the read of the data; for a sysfs attribute it is a second system call for one value.
/// </para>
/// </remarks>
internal sealed class ProcFile(string path, int initialSize = 4096, FileEnd end = FileEnd.ZeroRead)
{
    /// <summary>The smallest page and so the smallest seq_file buffer, less room for one record.</summary>
    private const int SeqFileEndBelow = 4096 - 256;

    private byte[] buffer = new byte[initialSize];
    private long retryAt;
    private SafeFileHandle? handle;

    public string Path { get; } = path;

    /// <summary>The whole file; throws when it cannot be read.</summary>
    public ReadOnlySpan<byte> Read()
    {
        if (handle is not null)
        {
            try
            {
                return ReadAll(handle);
            }
            catch (IOException)
            {
                // The file went away under the open handle (a device removed); open it afresh below.
                handle.Dispose();
                handle = null;
            }
        }
        handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return ReadAll(handle);
    }

    /// <summary>
    /// The whole file, or false when it does not exist (a kernel without the feature) or the kernel refuses it
    /// (PSI files of a kernel booted with psi=0 answer EOPNOTSUPP). Absence is checked without an exception,
    /// and a file that was missing or failed is left alone for a minute, so a missing feature (/proc/pressure/irq
    /// before Linux 6.1) costs a scrape not even the stat call.
    /// </summary>
    public bool TryRead(out ReadOnlySpan<byte> text)
    {
        text = default;
        if (Environment.TickCount64 < retryAt)
        {
            return false;
        }
        // An open handle already answers whether the file exists: only a closed one costs a stat call.
        if (handle is null && !File.Exists(Path))
        {
            retryAt = Environment.TickCount64 + 60_000;
            return false;
        }
        try
        {
            text = Read();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            retryAt = Environment.TickCount64 + 60_000;
            return false;
        }
    }

    /// <summary>Lets the handle go, for a file whose device went away; a later read opens it again.</summary>
    public void Close()
    {
        handle?.Dispose();
        handle = null;
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
            var asked = buffer.Length - length;
            var read = RandomAccess.Read(file, buffer.AsSpan(length), length);
            length += read;
            if (read == 0
                || (end == FileEnd.ShortRead && read < asked)
                || (end == FileEnd.ShortSeqFileRead && asked >= 4096 && read < SeqFileEndBelow))
            {
                return buffer.AsSpan(0, length);
            }
        }
    }
}
