using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Obs.NodeAgent.Native;

/// <summary>
/// A pseudo-terminal for a container or an exec with <c>tty: true</c>: the agent keeps the
/// master (what the terminal shows is read from it, keystrokes and the window size are written
/// to it); the slave is held open only until the child has been spawned onto it
/// (<see cref="SpawnRequest.TerminalFd"/>). Once every process holding the slave has gone, reads
/// from the master fail with EIO, which is how the output's end is seen.
/// </summary>
internal sealed class PseudoTerminal : IDisposable
{
    private int _slave;

    private PseudoTerminal(SafeFileHandle master, int slave, string slavePath)
    {
        Master = master;
        _slave = slave;
        SlavePath = slavePath;
    }

    public SafeFileHandle Master { get; }

    /// <summary>The slave's descriptor in this process (close-on-exec), for the spawn; -1 once closed.</summary>
    public int SlaveFd => _slave;

    /// <summary>The slave's path, /dev/pts/N, as `tty` prints it in the child.</summary>
    public string SlavePath { get; }

    public static unsafe PseudoTerminal Open()
    {
        // Non-blocking, so a reader can give up when asked (see ReadAllAsync).
        var master = Libc.posix_openpt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC | Libc.O_NONBLOCK);
        if (master < 0) throw new IOException($"posix_openpt: {Marshal.GetLastPInvokeErrorMessage()}");
        var handle = new SafeFileHandle(master, ownsHandle: true);
        try
        {
            if (Libc.grantpt(master) != 0) throw new IOException($"grantpt: {Marshal.GetLastPInvokeErrorMessage()}");
            if (Libc.unlockpt(master) != 0) throw new IOException($"unlockpt: {Marshal.GetLastPInvokeErrorMessage()}");
            var name = stackalloc byte[128];
            var rc = Libc.ptsname_r(master, name, 128);
            if (rc != 0) throw new IOException($"ptsname_r: {Marshal.GetPInvokeErrorMessage(rc)}");
            var path = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(name));
            // O_NOCTTY: the agent must never make a container's terminal its own.
            var slave = Libc.open(path, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC, 0);
            if (slave < 0) throw new IOException($"open {path}: {Marshal.GetLastPInvokeErrorMessage()}");
            return new PseudoTerminal(handle, slave, path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The master of a terminal whose slave this process never opened: one a <see cref="TerminalHolder"/> kept
    /// for a container an earlier run of the agent started. It shares the original's open file (non-blocking).
    /// </summary>
    public static unsafe PseudoTerminal FromMaster(SafeFileHandle master)
    {
        var name = stackalloc byte[128];
        var path = Libc.ptsname_r((int)master.DangerousGetHandle(), name, 128) == 0
            ? Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(name))
            : "";
        return new PseudoTerminal(master, -1, path);
    }

    /// <summary>TIOCSWINSZ on the master: the kernel sends SIGWINCH to the terminal's foreground process group.</summary>
    public unsafe void Resize(ushort columns, ushort rows)
    {
        var size = new Libc.WinSize { Rows = rows, Columns = columns };
        if (Libc.ioctl((int)Master.DangerousGetHandle(), Libc.TIOCSWINSZ, &size) != 0)
            throw new IOException($"TIOCSWINSZ: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    /// <summary>
    /// Hands what the terminal shows to <paramref name="onData"/> until every holder of the slave has
    /// gone (EIO) or <paramref name="stop"/> is cancelled. The reads run on a thread of their own and wait
    /// in poll with a short timeout: closing a descriptor does not wake a thread blocked reading it, and a
    /// background process the session left behind may hold the slave for ever.
    /// </summary>
    public Task ReadAllAsync(Func<ReadOnlyMemory<byte>, Task> onData, CancellationToken stop) =>
        Task.Factory.StartNew(() => ReadAll(onData, stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private unsafe void ReadAll(Func<ReadOnlyMemory<byte>, Task> onData, CancellationToken stop)
    {
        var buffer = new byte[32 * 1024];
        var added = false;
        Master.DangerousAddRef(ref added);
        try
        {
            var fd = (int)Master.DangerousGetHandle();
            while (!stop.IsCancellationRequested)
            {
                var poll = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
                if (Libc.poll(&poll, 1, 250) <= 0) continue;
                nint read;
                fixed (byte* p = buffer) read = Libc.read(fd, p, buffer.Length);
                if (read > 0)
                {
                    try { onData(buffer.AsMemory(0, (int)read)).GetAwaiter().GetResult(); }
                    catch (Exception e) when (e is IOException or System.Net.WebSockets.WebSocketException or OperationCanceledException or ObjectDisposedException) { return; }
                    continue;
                }
                var error = read < 0 ? Marshal.GetLastPInvokeError() : 0;
                if (error is not (Libc.EAGAIN or Libc.EINTR)) return; // EIO: the slave side is closed
            }
        }
        finally
        {
            if (added) Master.DangerousRelease();
        }
    }

    /// <summary>Types <paramref name="data"/> into the terminal; waits while its input queue is full.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            var written = Write(data.Span);
            if (written > 0)
            {
                data = data[written..];
                continue;
            }
            if (written == -Libc.EINTR) continue;
            if (written != -Libc.EAGAIN) throw new IOException($"write to terminal: {Marshal.GetPInvokeErrorMessage(-written)}");
            // The line discipline holds 4 KiB of unread input: give the program a moment to read it.
            await Task.Delay(10, cancellationToken);
        }
    }

    private unsafe int Write(ReadOnlySpan<byte> data)
    {
        // Held for the call, so a terminal disposed meanwhile is an error here, never a write to a reused descriptor.
        var added = false;
        try
        {
            Master.DangerousAddRef(ref added);
            nint written;
            fixed (byte* p = data) written = Libc.write((int)Master.DangerousGetHandle(), p, data.Length);
            return written >= 0 ? (int)written : -Marshal.GetLastPInvokeError();
        }
        catch (ObjectDisposedException)
        {
            return -Libc.EIO;
        }
        finally
        {
            if (added) Master.DangerousRelease();
        }
    }

    public unsafe (ushort Columns, ushort Rows) Size()
    {
        var size = default(Libc.WinSize);
        if (Libc.ioctl((int)Master.DangerousGetHandle(), Libc.TIOCGWINSZ, &size) != 0)
            throw new IOException($"TIOCGWINSZ: {Marshal.GetLastPInvokeErrorMessage()}");
        return (size.Columns, size.Rows);
    }

    /// <summary>Lets go of the slave once the child holds it, so the master sees the end when the child's side closes.</summary>
    public void CloseSlave()
    {
        var slave = Interlocked.Exchange(ref _slave, -1);
        if (slave >= 0) Libc.close(slave);
    }

    public void Dispose()
    {
        CloseSlave();
        Master.Dispose();
    }
}
