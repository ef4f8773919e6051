using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Obs.ApiServer.Storage;

/// <summary>
/// Tells change-feed readers that the log grew. This process's own reader is woken at once; the
/// others through <c>NOTIFY obs_changes</c>, sent after the write committed and outside its
/// transaction (a NOTIFY inside it would serialise commits), coalesced: however many writes
/// land while one NOTIFY is in flight, one more follows.
/// <para>
/// Each NOTIFY carries <see cref="Sender"/>, so that a reader can tell its own apiserver's NOTIFYs, which come back to it
/// on its LISTEN connection, from the others': its own writes have woken it already, and a second wake-up only read the
/// log for nothing (about one empty read per ten creates under load).
/// </para>
/// </summary>
public sealed partial class ChangeNotifier(NpgsqlDataSource dataSource, ILogger<ChangeNotifier> logger) : BackgroundService
{
    private readonly SemaphoreSlim _pending = new(0, 1);
    private readonly SemaphoreSlim _local = new(0, 1);
    private int _readAsked;

    /// <summary>This apiserver's mark in the payload of its NOTIFYs.</summary>
    public string Sender { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// Called after every committed write of this apiserver: wakes its reader, which takes the write's changes from
    /// <see cref="LocalCommits"/>, and, through NOTIFY, the others'.
    /// </summary>
    public void Signal()
    {
        Release(_local);
        Release(_pending);
    }

    /// <summary>
    /// Wakes this process's reader to read the log: a NOTIFY from another apiserver arrived, or a write of ours ended
    /// without committing (it may have spent a revision), or a test wrote the log by hand.
    /// </summary>
    public void Wake()
    {
        Volatile.Write(ref _readAsked, 1);
        Release(_local);
    }

    /// <summary>A NOTIFY arrived: wakes this process's reader unless this apiserver sent it (older apiservers send none).</summary>
    public void Notified(string payload)
    {
        if (payload != Sender) Wake();
    }

    /// <summary>
    /// Whether <see cref="Wake"/> was called since the reader last read the log: whether the log may hold what no write of
    /// this apiserver handed over.
    /// </summary>
    public bool ReadAsked => Volatile.Read(ref _readAsked) == 1;

    /// <summary>
    /// Called by the reader just before it reads the log, which answers every ask so far (a NOTIFY is sent after its
    /// commit); an ask that comes during the read is kept for the next.
    /// </summary>
    public void ReadingLog() => Volatile.Write(ref _readAsked, 0);

    /// <summary>Completes when the reader was woken since the last call, or after the timeout.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _local.WaitAsync(timeout, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _pending.WaitAsync(stoppingToken);
                await using var cmd = dataSource.CreateCommand("select pg_notify('obs_changes', $1)");
                cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Sender });
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
