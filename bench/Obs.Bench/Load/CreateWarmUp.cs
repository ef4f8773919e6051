using System.Diagnostics;
using Obs.Bench.Processes;

namespace Obs.Bench.Load;

/// <summary>
/// Closed-loop creates in another namespace until the apiserver has compiled its hot code: slices of creates, until the
/// apiserver's JIT time is at most <see cref="QuietShare"/> of its CPU time in two slices in a row (or <c>limit</c> has
/// passed). The runtime counts JIT time by the clock, summed over the compiling threads, so on a loaded machine it also
/// counts time a compiling thread waited for a core: it overstates the JIT's CPU (it can pass 100 %), and the warm-up
/// errs long. The apiserver runs its ReadyToRun code first and compiles each hot method again, optimised, on a background thread; on two shared
/// cores that took longer than a fixed 2,000 creates, and a profile of the measured closed loop found that thread at about
/// 40 % of the apiserver's CPU: the figure was then the start-up's compilation, not creates. Stopping on the JIT's own
/// counter, rather than on a count of creates, waits as long as the machine needs and no longer.
/// </summary>
internal static class CreateWarmUp
{
    /// <summary>JIT time as a share of the apiserver's CPU time in a slice, below which its compilation counts as done.</summary>
    public const double QuietShare = 0.02;

    /// <summary>
    /// Quiet slices in a row that end the warm-up: the runtime compiles hot methods in bursts, after a pause in which
    /// it counts their calls, so one quiet slice can fall before a burst (a quick run's short slices did).
    /// </summary>
    private const int QuietSlices = 2;

    private const string JitSeconds = "dotnet_jit_compilation_time_seconds_total";

    /// <summary>The warm-up's length, its creates and the JIT's time as a share of the apiserver's CPU time in its last slice.</summary>
    public sealed record Result(TimeSpan Elapsed, int Creates, double LastJitShare);

    public static async Task<Result> RunAsync(IReadOnlyList<HttpClient> clients, BenchCluster cluster, string ns, int slice, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var created = 0;
        var quietSlices = 0;
        double share;
        do
        {
            var before = await ServerMetrics.ReadAsync(clients[0], cancellationToken);
            var cpu = CpuMeter.Start(cluster);
            await PodCreator.FillAsync(clients, ns, created, slice, cancellationToken);
            var used = cpu.Stop();
            var after = await ServerMetrics.ReadAsync(clients[0], cancellationToken);
            created += slice;
            share = JitShare(before, after, used.ApiServer);
            quietSlices = share <= QuietShare ? quietSlices + 1 : 0;
        }
        while (quietSlices < QuietSlices && Stopwatch.GetElapsedTime(started) < limit);
        return new Result(Stopwatch.GetElapsedTime(started), created, share);
    }

    /// <summary>The apiserver's JIT time between two readings as a share of <paramref name="apiserverCpuSeconds"/> (NaN when not served).</summary>
    public static double JitShare(ServerMetrics before, ServerMetrics after, double apiserverCpuSeconds) =>
        before.Value(JitSeconds) is { } from && after.Value(JitSeconds) is { } to && apiserverCpuSeconds > 0 ? (to - from) / apiserverCpuSeconds : double.NaN;
}
