using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;
using Obs.NodeAgent.Logs;

namespace Obs.NodeAgent.Runtime;

/// <summary>
/// Copies one FIFO (a container's stdout or stderr) into the log writer line by line. The reads
/// wait in the runtime's epoll loop, as a pipe stream's do, rather than on a thread per FIFO: a
/// thread start per stream cost each container start two waits for the scheduler, and each
/// running container two stacks. It ends when every process holding the write end has exited.
/// </summary>
internal static class OutputPump
{
    public static Task Start(SafeFileHandle readEnd, ContainerLogWriter writer, LogStream stream, string name)
    {
        // The pipe stream takes the descriptor over: the file handle lets go of it first.
        var fd = readEnd.DangerousGetHandle();
        readEnd.SetHandleAsInvalid();
        return CopyAsync(new AnonymousPipeClientStream(PipeDirection.In, new SafePipeHandle(fd, ownsHandle: true)), writer, stream);
    }

    private static async Task CopyAsync(AnonymousPipeClientStream input, ContainerLogWriter writer, LogStream stream)
    {
        await using var _ = input;
        var buffer = new byte[ContainerLogWriter.MaxLineBytes];
        var filled = 0;
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(filled, buffer.Length - filled))) > 0)
            {
                filled += read;
                var start = 0;
                int newline;
                while ((newline = Array.IndexOf(buffer, (byte)'\n', start, filled - start)) >= 0)
                {
                    writer.Write(stream, buffer.AsSpan(start, newline - start));
                    start = newline + 1;
                }
                if (start == 0 && filled == buffer.Length)
                {
                    writer.Write(stream, buffer, partial: true);
                    filled = 0;
                    continue;
                }
                Array.Copy(buffer, start, buffer, 0, filled - start);
                filled -= start;
            }
            if (filled > 0)
            {
                writer.Write(stream, buffer.AsSpan(0, filled));
            }
        }
        catch (IOException)
        {
        }
    }
}
