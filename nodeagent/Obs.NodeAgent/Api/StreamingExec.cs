using System.Net.WebSockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Obs.NodeAgent.Isolation;
using Obs.NodeAgent.Native;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Api;

/// <summary>
/// <c>kubectl exec</c> inside a running container over the v5.channel.k8s.io WebSocket protocol
/// (<see cref="ChannelSocket"/>): the command starts in the container's cgroup and pod namespaces
/// with its environment; stdin, stdout and stderr go through FIFOs, or with <c>tty=true</c> through
/// a pseudo-terminal (<see cref="TerminalExec"/>); the stream ends with the Status carrying the exit code.
/// </summary>
internal static class StreamingExec
{
    public static async Task RunAsync(WebSocket socket, PodSandbox sandbox, IContainerProcess process, ContainerSpec spec,
        IReadOnlyList<string> command, bool stdin, bool tty, string scratchDirectory, CancellationToken cancellationToken)
    {
        var channels = new ChannelSocket(socket, cancellationToken);
        if (command.Count == 0 || ContainerLaunch.FindExecutable(sandbox, command[0], spec.Environment, spec.WorkingDir) is null)
        {
            var message = $"exec: \"{(command.Count > 0 ? command[0] : "")}\": executable file not found in $PATH";
            await channels.SendStatusAsync(ExecStatus.Error(message));
            await channels.CloseAsync();
            return;
        }
        // An adopted container outside the sandbox this agent run holds (its own was gone when the agent restarted, or it
        // had none): its namespaces are entered by its PID, from the host's. In the adopted sandbox it is like any other.
        var byPid = process is Pods.AdoptedContainerProcess && !sandbox.Adopted;
        IReadOnlyList<string> argv = byPid ? [.. ((Pods.AdoptedContainerProcess)process).EnterPrefix, .. command] : command;
        var launch = ContainerLaunch.Build(byPid ? PodSandbox.Shared(sandbox.PodUid, sandbox.PodName, "entered by the container's PID") : sandbox,
            process.Cgroup, argv, tty ? ContainerSpec.WithTerminalType(spec.Environment) : spec.Environment, spec.WorkingDir, "/dev/null", Libc.O_WRONLY, null, 0);
        // Sent while the session's stdin is still open: the client's close is awaited before it is let go.
        async Task EndAsync(WaitStatus status, Task receiving)
        {
            await channels.SendStatusAsync(ExecStatus.For(status.ReportedExitCode, command));
            await channels.CloseAsync(receiving);
        }
        if (tty) await TerminalExec.RunAsync(channels, launch, EndAsync, cancellationToken);
        else await RunOnPipesAsync(channels, launch, stdin, scratchDirectory, EndAsync, cancellationToken);
    }

    private static async Task RunOnPipesAsync(ChannelSocket channels, SpawnRequest launch, bool stdin, string scratchDirectory,
        Func<WaitStatus, Task, Task> end, CancellationToken cancellationToken)
    {
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
                pid = Spawner.Spawn(launch with
                {
                    StdinPath = stdin ? inPath : "/dev/null",
                    StdoutPath = outPath,
                    StderrPath = errPath,
                    StderrFlags = Libc.O_WRONLY,
                });
            }
            finally
            {
                holdOut.Dispose();
                holdErr.Dispose();
            }
            var exited = ChildWaiter.WaitAsync(pid);
            await using var input = new FileStream(stdinWrite, FileAccess.Write, 0);
            if (!stdin) await input.DisposeAsync();
            var pumpOut = Pump(readOut, ChannelSocket.Stdout, channels);
            var pumpErr = Pump(readErr, ChannelSocket.Stderr, channels);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var receive = stdin
                ? channels.ReceiveAsync(
                    async data => { if (input.CanWrite) { await input.WriteAsync(data, stop.Token); await input.FlushAsync(stop.Token); } },
                    _ => { },
                    async () => await input.DisposeAsync(), // v5: the client closed stdin, so the command reads its end
                    stop.Token)
                : Task.CompletedTask;
            var status = await exited;
            await Task.WhenAny(Task.WhenAll(pumpOut, pumpErr), Task.Delay(TimeSpan.FromSeconds(2), cancellationToken));
            await end(status, receive);
            await stop.CancelAsync();
            try { await receive; } catch (OperationCanceledException) { }
        }
        finally
        {
            File.Delete(inPath);
            File.Delete(outPath);
            File.Delete(errPath);
        }
    }

    private static Task Pump(SafeFileHandle handle, byte channel, ChannelSocket channels) => Task.Run(async () =>
    {
        await using var input = new FileStream(handle, FileAccess.Read, 0);
        var buffer = new byte[32 * 1024];
        int read;
        try
        {
            while ((read = await input.ReadAsync(buffer)) > 0)
            {
                await channels.SendAsync(channel, buffer.AsMemory(0, read));
            }
        }
        catch (Exception e) when (e is IOException or WebSocketException or OperationCanceledException)
        {
        }
    });

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
