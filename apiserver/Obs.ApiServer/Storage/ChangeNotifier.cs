using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Obs.ApiServer.Storage;

/// <summary>
/// Tells change-feed readers that the log grew. This process's own reader is woken at once; the
/// others through <c>NOTIFY obs_changes</c>, sent after the write committed and outside its
/// transaction (a NOTIFY inside it would serialise commits), coalesced: however many writes
/// land while one NOTIFY is in flight, one more follows.
/// </summary>
public sealed partial class ChangeNotifier(NpgsqlDataSource dataSource, ILogger<ChangeNotifier> logger) : BackgroundService
{
    private readonly SemaphoreSlim _pending = new(0, 1);
    private readonly SemaphoreSlim _local = new(0, 1);

    /// <summary>Called after every committed write: wakes this process's reader and, through NOTIFY, the others'.</summary>
    public void Signal()
    {
        Release(_local);
        Release(_pending);
    }

    /// <summary>Wakes this process's reader only (a NOTIFY from another apiserver arrived).</summary>
    public void Wake() => Release(_local);

    /// <summary>Completes when the reader was woken since the last call, or after the timeout.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _local.WaitAsync(timeout, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _pending.WaitAsync(stoppingToken);
                await using var cmd = dataSource.CreateCommand("select pg_notify('obs_changes', '')");
                await cmd.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException e)
            {
                // Readers elsewhere fall back to their idle poll; nothing is lost, only delayed.
                LogNotifyFailed(logger, e.Message);
                await Task.Delay(200, stoppingToken);
            }
        }
    }

    private static void Release(SemaphoreSlim semaphore)
    {
        try
        {
            if (semaphore.CurrentCount == 0) semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers every write so far.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "NOTIFY obs_changes failed: {Error}")]
    private static partial void LogNotifyFailed(ILogger logger, string error);
}
