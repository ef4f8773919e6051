using Microsoft.Win32.SafeHandles;
using Obs.NodeAgent.Logs;

namespace Obs.NodeAgent.Runtime;

/// <summary>
/// Copies one FIFO (a container's stdout or stderr) into the log writer line by line, on a
/// small thread of its own: a FIFO read blocks, and it ends only when every process holding the
/// write end has exited.
/// </summary>
internal static class OutputPump
{
    public static Task Start(SafeFileHandle readEnd, ContainerLogWriter writer, LogStream stream, string name)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                using var input = new FileStream(readEnd, FileAccess.Read, 0);
                var buffer = new byte[ContainerLogWriter.MaxLineBytes];
                var filled = 0;
                int read;
                while ((read = input.Read(buffer, filled, buffer.Length - filled)) > 0)
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
            finally
            {
                done.TrySetResult();
            }
        }, 128 * 1024)
        {
            IsBackground = true,
            Name = $"log {name}",
        };
        thread.Start();
        return done.Task;
    }
}
