using System.Runtime.InteropServices;

namespace Obs.NodeAgent.Native;

// The libc calls behind a pseudo-terminal: the master side is opened here, the child opens the
// slave side itself (see PseudoTerminal), and the window size is set on the master with ioctl.
internal static unsafe partial class Libc
{
    public const int O_NOCTTY = 0x100;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const ulong TIOCGWINSZ = 0x5413;
    public const ulong TIOCSWINSZ = 0x5414;

    /// <summary>struct winsize.</summary>
    public struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_openpt(int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int grantpt(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int unlockpt(int fd);

    [LibraryImport(Lib)]
    public static partial int ptsname_r(int fd, byte* buffer, nuint length);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int ioctl(int fd, ulong request, WinSize* size);

    [LibraryImport(Lib)]
    public static partial int posix_spawn_file_actions_addopen(void* fileActions, int fd, byte* path, int flags, uint mode);
}
