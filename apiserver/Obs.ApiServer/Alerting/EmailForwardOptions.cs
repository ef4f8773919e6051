using System.Globalization;
using Obs.ApiServer.Alerting.Smtp;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// E-mail for the human on call: one message per alert that starts firing or resolves, through an
/// SMTP relay. Named as Alertmanager's <c>email_configs</c> names them.
/// </summary>
/// <param name="Smarthost">The relay as <c>host:port</c> (<c>[::1]:25</c> for an IPv6 literal); 465 speaks TLS at once, other ports STARTTLS.</param>
/// <param name="From">The sender address.</param>
/// <param name="To">One or more recipient addresses.</param>
public sealed record EmailForwardOptions(string Smarthost, string From, IReadOnlyList<string> To)
{
    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary>STARTTLS is required by default, as Alertmanager's <c>require_tls</c>; turn it off only for a relay on this host.</summary>
    public bool RequireTls { get; init; } = true;

    /// <summary>PEM file of the CA the relay's certificate must chain to; null trusts the machine's roots.</summary>
    public string? CaFile { get; init; }

    /// <summary>The dashboard's base URL; when set, each message links the alert's page (<c>/alerts/{id}</c>).</summary>
    public Uri? DashboardUrl { get; init; }

    /// <summary>Every problem with these options, each naming its setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!TrySplitSmarthost(Smarthost, out _, out _))
            errors.Add($"smarthost \"{Smarthost}\" must be host:port");
        if (!IsAddress(From)) errors.Add($"from \"{From}\" must be an e-mail address");
        if (To.Count == 0) errors.Add("to needs at least one address");
        errors.AddRange(To.Where(t => !IsAddress(t)).Select(t => $"to \"{t}\" must be an e-mail address"));
        if (Password is not null && Username is null) errors.Add("a password needs a username");
        return errors;
    }

    public SmtpConnectionOptions Connection()
    {
        if (!TrySplitSmarthost(Smarthost, out var host, out var port)) throw new InvalidOperationException(string.Join("; ", Validate()));
        return new SmtpConnectionOptions(host, port) { RequireTls = RequireTls, CaFile = CaFile, Username = Username, Password = Password };
    }

    private static bool TrySplitSmarthost(string text, out string host, out int port)
    {
        var colon = text.LastIndexOf(':');
        host = colon > 0 ? text[..colon].Trim('[', ']') : "";
        port = 0;
        return host.Length > 0 && !host.Contains(' ') &&
               int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536;
    }

    /// <summary>A bare address (the envelope needs one): something@domain, nothing that could break a command line.</summary>
    private static bool IsAddress(string text)
    {
        var at = text.IndexOf('@');
        return at > 0 && at < text.Length - 1 && !text.Any(c => c is '<' or '>' or ' ' or '\r' or '\n' or ',' || char.IsControl(c));
    }
}
