using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// Sends one destination the notices of the <see cref="AlertNoticeLog"/>, in order, each retried with backoff after a
/// transient failure, moving the destination's cursor past each once it was sent, refused or given up. Each
/// destination has its own queue, so a relay that is down delays only its own messages. Of the apiservers sharing
/// the database, one at a time sends to a destination: the one holding its advisory lock (released with its connection
/// when that apiserver stops), so a notice goes once, and goes again only if an apiserver stopped while sending it.
/// </summary>
internal sealed partial class ForwardQueue(IAlertSender sender, AlertNoticeLog log, NpgsqlDataSource dataSource, ForwardRetry retry,
    TimeProvider time, ILogger logger)
{
    // A destination new to the database is sent the notices stored from here on.
    private readonly DateTimeOffset _configuredAt = time.GetUtcNow();

    /// <summary>How often a queue that is not woken looks for notices another apiserver stored, or for the lock another one held.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private const int BatchSize = 100;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public IAlertSender Sender => sender;

    /// <summary>Never waits: new notices are in the log; this only saves the queue its next poll.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var lease = await DestinationLock.TryTakeAsync(dataSource, sender.Destination, stoppingToken);
                if (lease is null)
                {
                    await WaitAsync(stoppingToken);
                    continue;
                }
                await SendAllAsync(lease, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is away (or anything else went wrong): what is unsent stays in the log, and is sent once
                // this or another apiserver gets on again. A background loop that threw would stop the whole host.
                LogDatabaseFailed(logger, sender.Destination, e.Message);
                await Task.Delay(PollInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>While the lock is held: every notice after the cursor, then a wait for more.</summary>
    private async Task SendAllAsync(DestinationLock lease, CancellationToken stoppingToken)
    {
        var cursor = await log.CursorAsync(sender.Destination, _configuredAt, time.GetUtcNow(), stoppingToken);
        while (true)
        {
            var notices = await log.ReadAfterAsync(cursor, BatchSize, stoppingToken);
            foreach (var (id, notice) in notices)
            {
                await SendAsync(notice, stoppingToken);
                await log.AdvanceAsync(sender.Destination, id, time.GetUtcNow(), stoppingToken);
                cursor = id;
            }
            if (notices.Count == BatchSize) continue;
            await WaitAsync(stoppingToken);
            await lease.CheckAsync(stoppingToken);
        }
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        poll.CancelAfter(PollInterval);
        try
        {
            await _wake.Reader.ReadAsync(poll.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(AlertNotice notice, CancellationToken stoppingToken)
    {
        var what = $"{notice.Alert.AlertName} ({notice.Status}, alert {notice.Alert.Id})";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                foreach (var refusal in await sender.SendAsync(notice, stoppingToken)) LogPartlyRefused(logger, what, sender.Destination, refusal);
                if (attempt > 1) LogDeliveredAfterRetries(logger, what, sender.Destination, attempt);
                return;
            }
            catch (AlertSendException e) when (e.Permanent)
            {
                LogRefused(logger, what, sender.Destination, e.Message);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (attempt >= retry.Attempts)
                {
                    LogGaveUp(logger, what, sender.Destination, attempt, e.Message);
                    return;
                }
                var delay = retry.DelayAfter(attempt);
                LogRetrying(logger, what, sender.Destination, attempt, e.Message, delay.TotalSeconds);
                await Task.Delay(delay, time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "forwarding {Alert} to {Destination} failed (attempt {Attempt}): {Error}; trying again in {Seconds} s")]
    private static partial void LogRetrying(ILogger logger, string alert, string destination, int attempt, string error, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "forwarding {Alert} to {Destination} gave up after {Attempts} attempts: {Error}")]
    private static partial void LogGaveUp(ILogger logger, string alert, string destination, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Destination} refused {Alert}: {Error}; not trying again")]
    private static partial void LogRefused(ILogger logger, string alert, string destination, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Destination} took {Alert} without a recipient it refused: {Error}; not trying again")]
    private static partial void LogPartlyRefused(ILogger logger, string alert, string destination, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "forwarded {Alert} to {Destination} at attempt {Attempt}")]
    private static partial void LogDeliveredAfterRetries(ILogger logger, string alert, string destination, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "forwarding to {Destination} paused: {Error}; trying again shortly")]
    private static partial void LogDatabaseFailed(ILogger logger, string destination, string error);
}
