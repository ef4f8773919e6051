using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// Sends each alert that starts firing or resolves to the human on call (a webhook, e-mail, both)
/// off the request path: Alertmanager's delivery and the store never wait on a slow chat bridge or
/// SMTP relay. Each destination has its own <see cref="ForwardQueue"/>, with retries and logs.
/// </summary>
public sealed class AlertForwarder : BackgroundService
{
    private readonly IReadOnlyList<ForwardQueue> _queues;

    public AlertForwarder(IEnumerable<IAlertSender> senders, ForwardRetry retry, TimeProvider time, ILogger<AlertForwarder> logger) =>
        _queues = [.. senders.Select(s => new ForwardQueue(s, retry, time, logger))];

    /// <summary>The senders <paramref name="options"/> ask for: none, the webhook, e-mail, or both.</summary>
    public static AlertForwarder Create(AlertingOptions options, TimeProvider time, ILogger<AlertForwarder> logger)
    {
        var senders = new List<IAlertSender>();
        if (options.ForwardUrl is { } url) senders.Add(new WebhookAlertSender(url));
        if (options.Email is { } email)
        {
            var errors = email.Validate();
            if (errors.Count > 0) throw new ArgumentException("the e-mail forward is invalid: " + string.Join("; ", errors), nameof(options));
            senders.Add(new EmailAlertSender(email, time));
        }
        return new AlertForwarder(senders, options.ForwardRetry, time, logger);
    }

    public void Enqueue(IEnumerable<AlertChange> changes)
    {
        if (_queues.Count == 0) return;
        foreach (var change in changes)
        {
            if (AlertNotice.From(change) is not { } notice) continue;
            foreach (var queue in _queues) queue.Enqueue(notice);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(_queues.Select(q => q.RunAsync(stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is in the history.
        }
    }

    public override void Dispose()
    {
        foreach (var queue in _queues) (queue.Sender as IDisposable)?.Dispose();
        base.Dispose();
    }
}
