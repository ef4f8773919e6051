using Obs.ApiServer.Alerting.Smtp;

namespace Obs.ApiServer.Alerting;

/// <summary>Mails each notice through the configured SMTP relay, one message per alert.</summary>
public sealed class EmailAlertSender(EmailForwardOptions options, TimeProvider time) : IAlertSender
{
    private readonly SmtpTransport _smtp = new(options.Connection());

    public string Destination => $"smtp://{options.Smarthost} ({string.Join(", ", options.To)})";

    public async Task<IReadOnlyList<string>> SendAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        try
        {
            return await _smtp.SendAsync(options.From, options.To, AlertEmail.Message(notice, options, time.GetUtcNow()), cancellationToken);
        }
        catch (SmtpException e)
        {
            throw new AlertSendException(e.Message, e.Permanent, e);
        }
    }
}
