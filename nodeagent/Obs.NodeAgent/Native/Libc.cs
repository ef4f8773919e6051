using System.Runtime.InteropServices;

namespace Obs.NodeAgent.Native;

// The few libc calls the runtime needs that .NET's Process cannot give: a new session for each
// container (so its whole group can be signalled), files opened straight onto fds 0-2 in the
// child, a precise wait status (exit code versus signal), and setns into a pod's namespaces.
internal static unsafe partial class Libc
{
    // glibc by its soname: "libc.so" is a linker script, present only with libc6-dev.
    private const string Lib = "libc.so.6";

    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int EINTR = 4;
    public const int ESRCH = 3;
    public const int ECHILD = 10;

    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_RDWR = 2;
    public const int O_CREAT = 0x40;
    public const int O_TRUNC = 0x200;
    public const int O_APPEND = 0x400;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int O_PATH = 0x200000;

    public const int CLONE_NEWUTS = 0x04000000;
    public const int CLONE_NEWPID = 0x20000000;
    public const int CLONE_NEWNS = 0x00020000;
    public const int CLONE_FS = 0x00000200;
    public const ulong MS_BIND = 0x1000;

    // glibc's posix_spawn flags.
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;
    public const short POSIX_SPAWN_SETSID = 0x80;

    // Opaque glibc structures; allocated larger than glibc's sizes (80, 336, 128 bytes).
    public const int SpawnFileActionsSize = 256;
    public const int SpawnAttrSize = 512;
    public const int SigsetSize = 256;

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_spawn(out int pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport(Lib)]
    public static partial int posix_spawn_file_actions_init(void* fileActions);

    [LibraryImport(Lib)]
    public static partial int posix_spawn_file_actions_destroy(void* fileActions);

    [LibraryImport(Lib)]
    public static partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newFd);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* sigset);

    [LibraryImport(Lib)]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigset);

    [LibraryImport(Lib)]
    public static partial int sigemptyset(void* sigset);

    [LibraryImport(Lib)]
    public static partial int sigfillset(void* sigset);

    [LibraryImport(Lib)]
    public static partial int sigdelset(void* sigset, int signal);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int waitpid(int pid, out int status, int options);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int setns(int fd, int nsType);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int unshare(int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fchdir(int fd);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mount(string? source, string target, string? fileSystemType, ulong flags, IntPtr data);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkfifo(string path, uint mode);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, uint mode);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    /// <summary>syscall(2) for calls glibc has no wrapper of its own for everywhere (pidfd_open); integer arguments only.</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial long syscall(long number, long arg1, long arg2);

    /// <summary>syscall(2) with three integer arguments (pidfd_getfd).</summary>
    [LibraryImport(Lib, EntryPoint = "syscall", SetLastError = true)]
    public static partial long syscall(long number, long arg1, long arg2, long arg3);

    /// <summary>pidfd_open(2) (Linux 5.3): a descriptor naming the process <paramref name="pid"/>, readable once it has exited; -1 on error.</summary>
    public static int pidfd_open(int pid) => (int)syscall(434, pid, 0);

    /// <summary>pidfd_getfd(2) (Linux 5.6): a copy, in this process, of descriptor <paramref name="fd"/> of the process <paramref name="pidfd"/> names; -1 on error.</summary>
    public static int pidfd_getfd(int pidfd, int fd) => (int)syscall(438, pidfd, fd, 0);

    public const short POLLIN = 0x1;

    /// <summary>struct pollfd.</summary>
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeoutMillis);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int stat(string path, byte* buffer);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fstat(int fd, byte* buffer);

    /// <summary>The inode of a path, or -1; st_ino sits at offset 8 on x86-64 and arm64 alike.</summary>
    public static long InodeOf(string path)
    {
        var buffer = stackalloc byte[256];
        return stat(path, buffer) == 0 ? *(long*)(buffer + 8) : -1;
    }

    public static long InodeOf(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        var buffer = stackalloc byte[256];
        return fstat((int)handle.DangerousGetHandle(), buffer) == 0 ? *(long*)(buffer + 8) : -1;
    }
}
