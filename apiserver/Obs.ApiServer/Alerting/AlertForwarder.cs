using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// Sends each alert that starts firing or resolves to the human on call (a webhook, e-mail, both)
/// off the request path: Alertmanager's delivery and the store never wait on a slow chat bridge or
/// SMTP relay. The store appends the notices to the <see cref="AlertNoticeLog"/> as it records the changes; each
/// destination has its own <see cref="ForwardQueue"/> reading them from there, with retries and logs, so a notice
/// outlives a restart of the apiserver that took it.
/// </summary>
public sealed partial class AlertForwarder : BackgroundService
{
    /// <summary>How long a notice is kept for a destination that cannot be reached.</summary>
    public static readonly TimeSpan NoticeRetention = TimeSpan.FromDays(7);

    private readonly IReadOnlyList<ForwardQueue> _queues;
    private readonly AlertNoticeLog _log;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertForwarder> _logger;

    public AlertForwarder(IEnumerable<IAlertSender> senders, NpgsqlDataSource dataSource, ForwardRetry retry, TimeProvider time, ILogger<AlertForwarder> logger)
    {
        _log = new AlertNoticeLog(dataSource);
        _time = time;
        _logger = logger;
        _queues = [.. senders.Select(s => new ForwardQueue(s, _log, dataSource, retry, time, logger))];
    }

    /// <summary>The senders <paramref name="options"/> ask for: none, the webhook, e-mail, or both.</summary>
    public static AlertForwarder Create(AlertingOptions options, NpgsqlDataSource dataSource, TimeProvider time, ILogger<AlertForwarder> logger)
    {
        var senders = new List<IAlertSender>();
        if (options.ForwardUrl is { } url) senders.Add(new WebhookAlertSender(url));
        if (options.Email is { } email)
        {
            var errors = email.Validate();
            if (errors.Count > 0) throw new ArgumentException("the e-mail forward is invalid: " + string.Join("; ", errors), nameof(options));
            senders.Add(new EmailAlertSender(email, time));
        }
        return new AlertForwarder(senders, dataSource, options.ForwardRetry, time, logger);
    }

    /// <summary>Tells the queues that notices were stored, when <paramref name="changes"/> hold any; never waits.</summary>
    public void NoticesStored(IEnumerable<AlertChange> changes)
    {
        if (!changes.Any(c => AlertNotice.From(c) is not null)) return;
        foreach (var queue in _queues) queue.Wake();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll([.. _queues.Select(q => q.RunAsync(stoppingToken)), PruneAsync(stoppingToken)]);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is unsent stays in the log for the next start.
        }
    }

    /// <summary>Hourly, forgets the notices older than <see cref="NoticeRetention"/>, sent or not.</summary>
    private async Task PruneAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), _time);
        do
        {
            try
            {
                var pruned = await _log.PruneAsync(_time.GetUtcNow() - NoticeRetention, stoppingToken);
                if (pruned > 0) LogPruned(_logger, pruned, NoticeRetention.TotalDays);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPruneFailed(_logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "forgot {Count} alert notices older than {Days} days")]
    private static partial void LogPruned(ILogger logger, int count, double days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not forget old alert notices: {Error}")]
    private static partial void LogPruneFailed(ILogger logger, string error);

    public override void Dispose()
    {
        foreach (var queue in _queues) (queue.Sender as IDisposable)?.Dispose();
        base.Dispose();
    }
}
