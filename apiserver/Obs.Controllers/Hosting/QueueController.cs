using Microsoft.Extensions.Logging;
using Obs.Client.Informers;
using Obs.Client.Queues;

namespace Obs.Controllers.Hosting;

/// <summary>
/// The loop every controller shares (sample-controller's runWorker/processNextWorkItem): workers
/// take a key, call the level-triggered <see cref="SyncAsync"/>, forget the key on success and
/// requeue it with per-key backoff on failure. Event handlers only enqueue keys.
/// </summary>
public abstract class QueueController : IController
{
    // client-go controllers give up on a key after this many retries until an event brings it back.
    private const int MaxRetries = 15;

    protected QueueController(string name, ILogger logger, TimeProvider? time = null)
    {
        Name = name;
        Logger = logger;
        Time = time ?? TimeProvider.System;
        Queue = new WorkQueue<string>(null, Time);
    }

    public string Name { get; }

    public WorkQueue<string> Queue { get; }

    protected ILogger Logger { get; }

    protected TimeProvider Time { get; }

    /// <summary>Brings the object under <paramref name="key"/> to its desired state; may run any number of times.</summary>
    public abstract Task SyncAsync(string key, CancellationToken cancellationToken);

    public void Enqueue(string key) => Queue.Add(key);

    // Timers cannot wait longer than ~49 days; a day is far enough ahead, as the informers resync anyway.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    /// <summary>Enqueues the key once <paramref name="delay"/> has passed (at most a day ahead).</summary>
    public void EnqueueAfter(string key, TimeSpan delay) => Queue.AddAfter(key, delay > LongestWait ? LongestWait : delay);

    private readonly List<Informer> _informers = [];

    /// <summary>Informers whose first LIST the workers wait for: a sync on an empty, unsynced cache would act on nothing.</summary>
    public void WaitFor(params Informer[] informers) => _informers.AddRange(informers);

    public virtual async Task RunAsync(int workers, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_informers.Select(i => i.WaitForSyncAsync(cancellationToken)));
        }
        catch (OperationCanceledException)
        {
            return;
        }
        using var registration = cancellationToken.Register(Queue.ShutDown);
        var tasks = Enumerable.Range(0, Math.Max(1, workers)).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None)).ToList();
        await Task.WhenAll(tasks);
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            (string key, bool shuttingDown) item;
            try
            {
                item = await Queue.GetAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (item.shuttingDown) return;
            var key = item.key;
            try
            {
                await SyncAsync(key, cancellationToken);
                Queue.Forget(key);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (Queue.NumRequeues(key) < MaxRetries)
                {
                    ControllerLog.SyncFailed(Logger, Name, key, e.Message);
                    Queue.AddRateLimited(key);
                }
                else
                {
                    ControllerLog.Dropped(Logger, Name, key, e);
                    Queue.Forget(key);
                }
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }
}
