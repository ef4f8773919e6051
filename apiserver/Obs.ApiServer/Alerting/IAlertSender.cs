namespace Obs.ApiServer.Alerting;

/// <summary>
/// One way of reaching the human on call (a webhook, e-mail). Throws <see cref="AlertSendException"/>
/// when the destination refused the notice; any other exception counts as a transient failure and is retried.
/// </summary>
public interface IAlertSender
{
    /// <summary>Where notices go, for the logs: a URL, an SMTP relay.</summary>
    string Destination { get; }

    /// <summary>Sends the notice; what the destination took it without (recipients it refused), for the logs.</summary>
    Task<IReadOnlyList<string>> SendAsync(AlertNotice notice, CancellationToken cancellationToken);
}
