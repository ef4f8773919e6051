using System.Runtime.InteropServices;

namespace Obs.Exporter.Collectors;

/// <summary>
/// The few libc calls the node collectors need that have no /proc file. Layouts are those of 64-bit Linux
/// (x86_64 and arm64 agree), the only platforms Obs runs on. Plain DllImport keeps the project free of
/// unsafe code; paths are passed as NUL-terminated UTF-8 arrays, so no call marshals a string.
/// </summary>
internal static class LibC
{
    /// <summary>struct statvfs: eleven unsigned longs and six spare ints.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct StatVfs
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvailable;
        public ulong Files;
        public ulong FilesFree;
        public ulong FilesAvailable;
        public ulong FileSystemId;
        public ulong Flags;
        public ulong NameMax;
        private readonly long spare0;
        private readonly long spare1;
        private readonly long spare2;
    }

    /// <summary>struct timex (208 bytes); only the fields node_exporter reports are named.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 208)]
    public struct Timex
    {
        [FieldOffset(0)] public uint Modes;
        [FieldOffset(8)] public long Offset;
        [FieldOffset(16)] public long Frequency;
        [FieldOffset(24)] public long MaxError;
        [FieldOffset(32)] public long EstimatedError;
        [FieldOffset(40)] public int Status;
        [FieldOffset(48)] public long Constant;
        [FieldOffset(56)] public long Precision;
        [FieldOffset(64)] public long Tolerance;
        [FieldOffset(72)] public long TimeSeconds;
        [FieldOffset(80)] public long TimeFraction;
        [FieldOffset(88)] public long Tick;
        [FieldOffset(160)] public int Tai;
    }

    /// <summary>struct tm as glibc and musl lay it out: nine ints, then tm_gmtoff and tm_zone.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 56)]
    public struct Tm
    {
        [FieldOffset(32)] public int IsDst;
        [FieldOffset(40)] public long GmtOffset;
        [FieldOffset(48)] public IntPtr Zone;
    }

    /// <summary>Size of one struct utsname field on Linux, and the number of fields.</summary>
    public const int UtsFieldLength = 65;
    public const int UtsFields = 6;

    /// <summary>PATH_MAX: the size of the buffer realpath(3) fills.</summary>
    public const int PathMax = 4096;

    /// <summary>realpath(3) into a caller's buffer of <see cref="PathMax"/> bytes; zero when the path cannot be resolved.</summary>
    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    public static extern IntPtr RealPath(ref byte path, ref byte resolved);

    [DllImport("libc", EntryPoint = "statvfs", SetLastError = true)]
    public static extern int StatVfsCall(ref byte path, out StatVfs buffer);

    [DllImport("libc", EntryPoint = "adjtimex", SetLastError = true)]
    public static extern int Adjtimex(ref Timex buffer);

    [DllImport("libc", EntryPoint = "uname", SetLastError = true)]
    public static extern int Uname(ref byte buffer);

    /// <summary>open(2) flags shared by x86_64 and arm64 (O_DIRECTORY is not: it differs between them).</summary>
    public const int OpenReadOnly = 0;
    public const int OpenCloseOnExec = 0x80000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open(ref byte path, int flags);

    [DllImport("libc", EntryPoint = "close")]
    public static extern int Close(int fd);

    /// <summary>ioctl(2) whose argument is a buffer the kernel reads and fills.</summary>
    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static extern int Ioctl(int fd, nuint request, ref byte argument);

    [DllImport("libc", EntryPoint = "localtime_r")]
    public static extern IntPtr LocalTime(ref long time, out Tm result);
}
