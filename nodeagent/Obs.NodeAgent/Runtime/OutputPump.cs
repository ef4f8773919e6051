using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;
using Obs.NodeAgent.Logs;
using Obs.NodeAgent.Native;

namespace Obs.NodeAgent.Runtime;

/// <summary>
/// Copies one FIFO (a container's stdout or stderr) into the log writer line by line. The reads
/// wait in the runtime's epoll loop, as a pipe stream's do, rather than on a thread per FIFO: a
/// thread start per stream cost each container start two waits for the scheduler, and each
/// running container two stacks. It ends when every process holding the write end has exited.
/// What is read goes to the attached sessions of a container's console first, as it came.
/// </summary>
internal static class OutputPump
{
    public static Task Start(SafeFileHandle readEnd, ContainerLogWriter writer, LogStream stream, ContainerConsole? console)
    {
        // The pipe stream takes the descriptor over: the file handle lets go of it first.
        var fd = readEnd.DangerousGetHandle();
        readEnd.SetHandleAsInvalid();
        return CopyAsync(new AnonymousPipeClientStream(PipeDirection.In, new SafePipeHandle(fd, ownsHandle: true)), new LogLineSplitter(writer, stream), console);
    }

    /// <summary>A container on a terminal: what the terminal shows is its stdout, carriage returns and all, as Kubernetes logs it.</summary>
    public static async Task StartTerminal(PseudoTerminal terminal, ContainerLogWriter writer, ContainerConsole console)
    {
        var lines = new LogLineSplitter(writer, LogStream.Stdout);
        await terminal.ReadAllAsync(data =>
        {
            console.Publish(LogStream.Stdout, data.Span);
            lines.Append(data.Span);
            return Task.CompletedTask;
        }, console.Detached);
        lines.Flush();
    }

    private static async Task CopyAsync(AnonymousPipeClientStream input, LogLineSplitter lines, ContainerConsole? console)
    {
        await using var _ = input;
        var buffer = new byte[ContainerLogWriter.MaxLineBytes];
        try
        {
            int read;
            // Until this agent run lets the container go (Detach): a run that lives on in the same process (an agent
            // restarted in place) must not go on reading the FIFO beside the next run's reader, taking its output.
            while ((read = await input.ReadAsync(buffer, console?.Detached ?? CancellationToken.None)) > 0)
            {
                console?.Publish(lines.Stream, buffer.AsSpan(0, read));
                lines.Append(buffer.AsSpan(0, read));
            }
        }
        catch (IOException)
        {
        }
        catch (OperationCanceledException)
        {
        }
        lines.Flush();
    }
}
