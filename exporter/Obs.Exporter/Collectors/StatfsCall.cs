using System.Runtime.InteropServices;

namespace Obs.Exporter.Collectors;

/// <summary>
/// Asks the kernel about the filesystem mounted at <paramref name="path"/> (NUL-terminated UTF-8); returns
/// 0, or the errno. May block indefinitely on a dead network mount, which is why it runs on its own thread.
/// </summary>
internal delegate int StatfsCall(byte[] path, out FilesystemUsage usage);

internal static class Statfs
{
    public static readonly StatfsCall Native = Call;

    // statvfs's f_bsize is statfs's, as node_exporter multiplies: blocks × bsize.
    private static int Call(byte[] path, out FilesystemUsage usage)
    {
        if (LibC.StatVfsCall(ref path[0], out var buffer) != 0)
        {
            usage = default;
            return Marshal.GetLastPInvokeError();
        }
        var blockSize = (double)buffer.BlockSize;
        usage = new FilesystemUsage(buffer.Blocks * blockSize, buffer.BlocksFree * blockSize, buffer.BlocksAvailable * blockSize,
            buffer.Files, buffer.FilesFree);
        return 0;
    }

    /// <summary>errno as Go's syscall.Errno.Error() words it, which is what node_exporter puts in <c>device_error</c>.</summary>
    public static string Describe(int errno) => errno switch
    {
        1 => "operation not permitted",
        2 => "no such file or directory",
        5 => "input/output error",
        13 => "permission denied",
        19 => "no such device",
        20 => "not a directory",
        38 => "function not implemented",
        40 => "too many levels of symbolic links",
        95 => "operation not supported",
        107 => "transport endpoint is not connected",
        110 => "connection timed out",
        112 => "host is down",
        116 => "stale NFS file handle",
        _ => "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
