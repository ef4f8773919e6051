using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// The notices waiting for one destination, sent in order, each retried with backoff after a
/// transient failure. Each destination has its own queue, so a relay that is down delays only its
/// own messages. A queue that overflows drops the oldest notice: the history keeps them all.
/// </summary>
internal sealed partial class ForwardQueue(IAlertSender sender, ForwardRetry retry, TimeProvider time, ILogger logger)
{
    private readonly Channel<AlertNotice> _queue = Channel.CreateBounded<AlertNotice>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });

    public IAlertSender Sender => sender;

    /// <summary>Never waits: the receiver stores first and answers Alertmanager whatever happens here.</summary>
    public void Enqueue(AlertNotice notice) => _queue.Writer.TryWrite(notice);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await foreach (var notice in _queue.Reader.ReadAllAsync(stoppingToken)) await SendAsync(notice, stoppingToken);
    }

    private async Task SendAsync(AlertNotice notice, CancellationToken stoppingToken)
    {
        var what = $"{notice.Alert.AlertName} ({notice.Status}, alert {notice.Alert.Id})";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await sender.SendAsync(notice, stoppingToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "forwarded {Alert} to {Destination} at attempt {Attempt}")]
    private static partial void LogDeliveredAfterRetries(ILogger logger, string alert, string destination, int attempt);
}
