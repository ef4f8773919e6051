using System.Diagnostics;

namespace Obs.Bench.Load;

/// <summary>
/// Requests sent on a fixed schedule whatever the server does (open loop), each timed from the
/// moment it was due, not from when it went out: a stalled server then shows as latency for
/// every request that should have been sent meanwhile, instead of hiding them (coordinated omission).
/// </summary>
internal static class OpenLoop
{
    /// <param name="send">Sends request <c>i</c> on the client given, reads the whole answer, returns whether it succeeded.</param>
    public static async Task<OpenLoopRun> RunAsync(IReadOnlyList<HttpClient> clients, double rate, TimeSpan duration,
        Func<int, HttpClient, CancellationToken, Task<bool>> send, CancellationToken cancellationToken)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var fromDue = new double[total];
        var fromSent = new double[total];
        var tasks = new Task[total];
        var errors = 0;
        var interval = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;

        async Task Issue(int i, long due)
        {
            var sent = Stopwatch.GetTimestamp();
            bool ok;
            try { ok = await send(i, clients[i % clients.Count], cancellationToken); }
            catch (HttpRequestException) { ok = false; }
            var end = Stopwatch.GetTimestamp();
            fromDue[i] = LatencySample.Milliseconds(due, end);
            fromSent[i] = LatencySample.Milliseconds(sent, end);
            if (!ok) Interlocked.Increment(ref errors);
        }

        // A thread of its own, so the schedule does not wait behind the thread pool's queue.
        // It sleeps rather than spins (the cores are shared with the server): a request sent up to
        // a millisecond late is charged that millisecond, which errs against the server, not for it.
        var scheduler = new Thread(() =>
        {
            for (var i = 0; i < total; i++)
            {
                var due = start + (long)(i * interval);
                while (Stopwatch.GetTimestamp() < due)
                {
                    // Returning (not throwing) on this thread: an exception here would end the process before the cleanup.
                    if (cancellationToken.IsCancellationRequested) return;
                    Thread.Sleep(1);
                }
                tasks[i] = Issue(i, due);
            }
        }) { IsBackground = true, Name = "open-loop schedule" };
        scheduler.Start();
        await Task.Run(scheduler.Join, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        await Task.WhenAll(tasks);
        var elapsed = LatencySample.Milliseconds(start, Stopwatch.GetTimestamp()) / 1000;
        return new OpenLoopRun(rate, total / elapsed, new LatencySample(fromDue), new LatencySample(fromSent), errors);
    }
}
