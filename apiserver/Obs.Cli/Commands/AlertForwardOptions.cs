using System.CommandLine;
using Obs.ApiServer.Alerting;

namespace Obs.Cli.Commands;

/// <summary>
/// <c>obs apiserver</c>'s options for reaching the human on call: a webhook and e-mail. Each falls
/// back to an <c>OBS_ALERT_*</c> variable, as <c>--database-url</c> does to <c>OBS_DATABASE_URL</c>:
/// <c>obs up</c> starts the apiserver with its own environment, so that is how to set them there.
/// </summary>
internal sealed class AlertForwardOptions
{
    private readonly Option<string> _forward = new("--alert-forward-url") { Description = "webhook that gets each alert when it fires and when it resolves (default: $OBS_ALERT_FORWARD_URL)" };
    private readonly Option<string> _smarthost = new("--alert-email-smarthost") { Description = "SMTP relay as host:port that mails each alert when it fires and when it resolves (default: $OBS_ALERT_EMAIL_SMARTHOST)" };
    private readonly Option<string> _from = new("--alert-email-from") { Description = "sender address of alert mail (default: $OBS_ALERT_EMAIL_FROM)" };
    private readonly Option<string> _to = new("--alert-email-to") { Description = "recipients of alert mail, comma-separated (default: $OBS_ALERT_EMAIL_TO)" };
    private readonly Option<string> _username = new("--alert-email-username") { Description = "SMTP AUTH user; the password comes from $OBS_ALERT_EMAIL_PASSWORD (default: $OBS_ALERT_EMAIL_USERNAME)" };
    private readonly Option<string> _requireTls = new("--alert-email-require-tls") { Description = "true (default) or false: STARTTLS required; false only for a relay on this host (default: $OBS_ALERT_EMAIL_REQUIRE_TLS)" };
    private readonly Option<string> _caFile = new("--alert-email-ca-file") { Description = "PEM CA the relay's certificate must chain to (default: $OBS_ALERT_EMAIL_CA_FILE; the machine's roots)" };
    private readonly Option<string> _dashboard = new("--alert-email-dashboard-url") { Description = "dashboard base URL linked from each mail (default: $OBS_ALERT_EMAIL_DASHBOARD_URL)" };

    public IEnumerable<Option> All => [_forward, _smarthost, _from, _to, _username, _requireTls, _caFile, _dashboard];

    /// <summary>The forward URL and e-mail settings given; every problem goes to <paramref name="errors"/>.</summary>
    public (Uri? ForwardUrl, EmailForwardOptions? Email) Read(ParseResult parse, List<string> errors)
    {
        Uri? forward = null;
        if (Value(parse, _forward, "OBS_ALERT_FORWARD_URL") is { } url && !Uri.TryCreate(url, UriKind.Absolute, out forward))
            errors.Add($"--alert-forward-url \"{url}\" is not an absolute URL");
        if (Value(parse, _smarthost, "OBS_ALERT_EMAIL_SMARTHOST") is not { } smarthost) return (forward, null);

        var to = (Value(parse, _to, "OBS_ALERT_EMAIL_TO") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var requireTls = Value(parse, _requireTls, "OBS_ALERT_EMAIL_REQUIRE_TLS") ?? "true";
        var tlsParsed = bool.TryParse(requireTls, out var tls);
        if (!tlsParsed) errors.Add($"--alert-email-require-tls \"{requireTls}\" must be true or false");
        Uri? dashboard = null;
        if (Value(parse, _dashboard, "OBS_ALERT_EMAIL_DASHBOARD_URL") is { } d && !Uri.TryCreate(d, UriKind.Absolute, out dashboard))
            errors.Add($"--alert-email-dashboard-url \"{d}\" is not an absolute URL");
        var email = new EmailForwardOptions(smarthost, Value(parse, _from, "OBS_ALERT_EMAIL_FROM") ?? "", to)
        {
            Username = Value(parse, _username, "OBS_ALERT_EMAIL_USERNAME"),
            Password = Environment.GetEnvironmentVariable("OBS_ALERT_EMAIL_PASSWORD") is { Length: > 0 } p ? p : null,
            RequireTls = tls || !tlsParsed,
            CaFile = Value(parse, _caFile, "OBS_ALERT_EMAIL_CA_FILE"),
            DashboardUrl = dashboard,
        };
        errors.AddRange(email.Validate().Select(e => "alert e-mail: " + e));
        return (forward, email);
    }

    private static string? Value(ParseResult parse, Option<string> option, string variable) =>
        parse.GetValue(option) is { Length: > 0 } value ? value
        : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : null;
}
