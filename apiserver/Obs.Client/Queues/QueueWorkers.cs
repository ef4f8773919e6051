using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Obs.Client.Queues;

/// <summary>
/// The worker loop of sample-controller: take a key, sync it, <c>Forget</c> it on success or
/// requeue it rate-limited on failure, always <c>Done</c>. A key fails at most
/// <c>maxRetries</c> times in a row before it is dropped (the next event brings it back).
/// </summary>
public static class QueueWorkers
{
    public static async Task RunAsync<T>(WorkQueue<T> queue, int workers, Func<T, CancellationToken, Task> sync,
        CancellationToken cancellationToken, ILogger? logger = null, int maxRetries = 15) where T : notnull
    {
        logger ??= NullLogger.Instance;
        using var registration = cancellationToken.Register(queue.ShutDown);
        var loops = Enumerable.Range(0, Math.Max(1, workers)).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (item, shuttingDown) = await queue.GetAsync(CancellationToken.None);
                if (shuttingDown) return;
                if (cancellationToken.IsCancellationRequested)
                {
                    // Shutting down: what is still queued is left for the next leader or run.
                    queue.Done(item);
                    continue;
                }
                try
                {
                    await sync(item, cancellationToken);
                    queue.Forget(item);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                }
                catch (Exception e)
                {
                    if (queue.NumRequeues(item) < maxRetries)
                    {
                        QueueWorkersLog.Retrying(logger, item.ToString() ?? "", e);
                        queue.AddRateLimited(item);
                    }
                    else
                    {
                        QueueWorkersLog.Dropped(logger, item.ToString() ?? "", maxRetries, e);
                        queue.Forget(item);
                    }
                }
                finally
                {
                    queue.Done(item);
                }
            }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(loops);
    }
}
