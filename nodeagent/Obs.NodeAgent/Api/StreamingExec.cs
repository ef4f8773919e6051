using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Obs.NodeAgent.Isolation;
using Obs.NodeAgent.Native;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Api;

/// <summary>
/// <c>kubectl exec</c> inside a running container over the v5.channel.k8s.io WebSocket protocol:
/// the command starts in the container's cgroup and pod namespaces with its environment, stdin,
/// stdout and stderr go through FIFOs; frames are channel-prefixed (0 stdin, 1 stdout, 2 stderr,
/// 3 status, 255 close); the stream ends with the Status carrying the exit code.
/// </summary>
internal static class StreamingExec
{
    public static async Task RunAsync(WebSocket socket, PodSandbox sandbox, IContainerProcess process, ContainerSpec spec,
        IReadOnlyList<string> command, bool stdin, string scratchDirectory, CancellationToken cancellationToken)
    {
        var send = new SemaphoreSlim(1, 1);
        async Task Send(byte channel, ReadOnlyMemory<byte> data)
        {
            var frame = new byte[data.Length + 1];
            frame[0] = channel;
            data.CopyTo(frame.AsMemory(1));
            await send.WaitAsync(cancellationToken);
            try { await socket.SendAsync(frame, WebSocketMessageType.Binary, true, cancellationToken); }
            finally { send.Release(); }
        }

        if (command.Count == 0 || ContainerLaunch.FindExecutable(command[0], spec.Environment, spec.WorkingDir) is null)
        {
            var message = $"exec: \"{(command.Count > 0 ? command[0] : "")}\": executable file not found in $PATH";
            await Send(3, Encoding.UTF8.GetBytes(ExecStatus.Error(message).ToJsonString()));
            await CloseAsync(socket);
            return;
        }
        Directory.CreateDirectory(scratchDirectory);
        var id = Guid.NewGuid().ToString("N");
        var inPath = MakeFifo(Path.Combine(scratchDirectory, $"exec-{id}.in"));
        var outPath = MakeFifo(Path.Combine(scratchDirectory, $"exec-{id}.out"));
        var errPath = MakeFifo(Path.Combine(scratchDirectory, $"exec-{id}.err"));
        try
        {
            var stdinWrite = Open(inPath, Libc.O_RDWR);
            var holdOut = Open(outPath, Libc.O_RDWR);
            var holdErr = Open(errPath, Libc.O_RDWR);
            var readOut = Open(outPath, Libc.O_RDONLY);
            var readErr = Open(errPath, Libc.O_RDONLY);
            int pid;
            try
            {
                // An adopted container's sandbox belongs to the previous agent run: enter its namespaces by PID.
                IReadOnlyList<string> argv = process is Pods.AdoptedContainerProcess adopted ? [.. adopted.EnterPrefix, .. command] : command;
                var request = ContainerLaunch.Build(sandbox, process.Cgroup, argv, spec.Environment, spec.WorkingDir,
                    outPath, Libc.O_WRONLY, errPath, Libc.O_WRONLY) with { StdinPath = stdin ? inPath : "/dev/null" };
                pid = Spawner.Spawn(request);
            }
            finally
            {
                holdOut.Dispose();
                holdErr.Dispose();
            }
            var exited = ChildWaiter.WaitAsync(pid);
            if (!stdin) stdinWrite.Dispose();
            var pumpOut = Pump(readOut, 1, Send);
            var pumpErr = Pump(readErr, 2, Send);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var receive = stdin ? ReceiveAsync(socket, stdinWrite, stop.Token) : Task.CompletedTask;
            var status = await exited;
            await Task.WhenAny(Task.WhenAll(pumpOut, pumpErr), Task.Delay(TimeSpan.FromSeconds(2), cancellationToken));
            await stop.CancelAsync();
            try { await receive; } catch (OperationCanceledException) { }
            if (stdin) stdinWrite.Dispose();
            await Send(3, Encoding.UTF8.GetBytes(ExecStatus.For(status.ReportedExitCode, command).ToJsonString()));
            await CloseAsync(socket);
        }
        finally
        {
            File.Delete(inPath);
            File.Delete(outPath);
            File.Delete(errPath);
        }
    }

    private static async Task CloseAsync(WebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
        }
    }

    private static Task Pump(SafeFileHandle handle, byte channel, Func<byte, ReadOnlyMemory<byte>, Task> send) => Task.Run(async () =>
    {
        await using var input = new FileStream(handle, FileAccess.Read, 0);
        var buffer = new byte[32 * 1024];
        int read;
        try
        {
            while ((read = await input.ReadAsync(buffer)) > 0)
            {
                await send(channel, buffer.AsMemory(0, read));
            }
        }
        catch (Exception e) when (e is IOException or WebSocketException or OperationCanceledException)
        {
        }
    });

    private static async Task ReceiveAsync(WebSocket socket, SafeFileHandle stdinWrite, CancellationToken cancellationToken)
    {
        await using var stdin = new FileStream(stdinWrite, FileAccess.Write, 0);
        var buffer = new byte[32 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                var data = message.ToArray();
                if (data.Length == 0) continue;
                if (data[0] == 0 && data.Length > 1)
                {
                    await stdin.WriteAsync(data.AsMemory(1), cancellationToken);
                    await stdin.FlushAsync(cancellationToken);
                }
                else if (data[0] == 255 && data.Length > 1 && data[1] == 0)
                {
                    return; // v5: the client closed stdin.
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException)
        {
        }
    }

    private static string MakeFifo(string path)
    {
        File.Delete(path);
        if (Libc.mkfifo(path, 0x180) != 0) throw new IOException($"mkfifo {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        return path;
    }

    private static SafeFileHandle Open(string path, int flags)
    {
        var fd = Libc.open(path, flags | Libc.O_CLOEXEC, 0);
        if (fd < 0) throw new IOException($"open {path}: {Marshal.GetLastPInvokeErrorMessage()}");
        return new SafeFileHandle(fd, ownsHandle: true);
    }
}
