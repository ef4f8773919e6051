using System.CommandLine;
using System.Runtime.InteropServices;

namespace Obs.NodeAgent.Commands;

/// <summary>
/// Runs a command line until it finishes, turning SIGTERM and SIGINT into cancellation of its token, as supervisors
/// (<c>obs down</c>, systemd, a terminal's Ctrl-C) expect: the first signal asks the command to stop and gives it
/// <c>grace</c> to do so (an agent stops its pods first), then the process leaves with the signal's exit code.
/// </summary>
/// <remarks>
/// System.CommandLine's own handling (<c>ProcessTerminationTimeout</c>) disposes its token source when the command
/// returns while a signal delivered a moment earlier is still being handled on another thread; that handler then
/// cancels a disposed source and the process aborts (exit 134). Here the source outlives every handler: it is never
/// disposed, and a late signal only cancels what is already cancelled.
/// </remarks>
public static class TerminationSignals
{
    private const int SigintExitCode = 130;
    private const int SigtermExitCode = 143;

    public static async Task<int> InvokeAsync(ParseResult parse, TimeSpan grace)
    {
        // Deliberately not disposed: a signal handler may still run after the command has returned.
        var stopping = new CancellationTokenSource();
        var forced = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstSignal = 0;

        void OnSignal(PosixSignalContext context)
        {
            // Keep the runtime from ending the process at once; the command ends it by returning.
            context.Cancel = true;
            if (Interlocked.Exchange(ref firstSignal, 1) == 1) return;
            var exitCode = context.Signal == PosixSignal.SIGINT ? SigintExitCode : SigtermExitCode;
            stopping.Cancel();
            _ = Task.Delay(grace).ContinueWith(_ => forced.TrySetResult(exitCode), TaskScheduler.Default);
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        // The command line's own handling off (no timeout): this token is the only one the actions see.
        var command = parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stopping.Token);
        var finished = await Task.WhenAny(command, forced.Task);
        return await finished;
    }
}
