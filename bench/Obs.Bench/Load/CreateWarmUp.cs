using System.Diagnostics;
using Obs.Bench.Processes;

namespace Obs.Bench.Load;

/// <summary>
/// Closed-loop creates in another namespace until the apiserver has compiled its hot code: slices of creates, until the
/// apiserver spent at most <see cref="QuietShare"/> of a slice's CPU in its JIT (or <c>limit</c> has passed). The apiserver
/// runs its ReadyToRun code first and compiles each hot method again, optimised, on a background thread; on two shared
/// cores that took longer than a fixed 2,000 creates, and a profile of the measured closed loop found that thread at about
/// 40 % of the apiserver's CPU: the figure was then the start-up's compilation, not creates. Stopping on the JIT's own
/// counter, rather than on a count of creates, waits as long as the machine needs and no longer.
/// </summary>
internal static class CreateWarmUp
{
    /// <summary>The share of the apiserver's CPU in a slice below which its compilation counts as done.</summary>
    public const double QuietShare = 0.02;

    private const string JitSeconds = "dotnet_jit_compilation_time_seconds_total";

    /// <summary>The warm-up's length, its creates and the JIT's share of the apiserver's CPU in its last slice.</summary>
    public sealed record Result(TimeSpan Elapsed, int Creates, double LastJitShare);

    public static async Task<Result> RunAsync(IReadOnlyList<HttpClient> clients, BenchCluster cluster, string ns, int slice, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var created = 0;
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
        }
        while (share > QuietShare && Stopwatch.GetElapsedTime(started) < limit);
        return new Result(Stopwatch.GetElapsedTime(started), created, share);
    }

    /// <summary>The share of <paramref name="apiserverCpuSeconds"/> the apiserver spent in its JIT between two readings (NaN when not served).</summary>
    public static double JitShare(ServerMetrics before, ServerMetrics after, double apiserverCpuSeconds) =>
        before.Value(JitSeconds) is { } from && after.Value(JitSeconds) is { } to && apiserverCpuSeconds > 0 ? (to - from) / apiserverCpuSeconds : double.NaN;
}
