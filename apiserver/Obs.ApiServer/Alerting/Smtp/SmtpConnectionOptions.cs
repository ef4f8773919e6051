namespace Obs.ApiServer.Alerting.Smtp;

/// <summary>Where and how <see cref="SmtpTransport"/> connects: the relay, TLS, credentials.</summary>
public sealed record SmtpConnectionOptions(string Host, int Port)
{
    /// <summary>Name sent in EHLO; the machine's host name when null.</summary>
    public string? HelloName { get; init; }

    /// <summary>
    /// True: the session must be upgraded with STARTTLS, and a server that does not offer it gets
    /// nothing (Alertmanager's <c>require_tls</c>, on by default). False: plain text, for a relay on the
    /// same host. Port 465 always speaks TLS from the first byte (implicit TLS, RFC 8314).
    /// </summary>
    public bool RequireTls { get; init; } = true;

    /// <summary>PEM file of the CA the relay's certificate must chain to; null trusts the machine's roots.</summary>
    public string? CaFile { get; init; }

    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary>The whole session (connect to QUIT) must end within this time.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool ImplicitTls => Port == 465;
}
