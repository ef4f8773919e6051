namespace Obs.ApiServer.Alerting;

/// <summary>How the on-call receiver reaches Alertmanager and the human on call.</summary>
public sealed record AlertingOptions
{
    /// <summary>Alertmanager's base URL (<c>http://127.0.0.1:9093</c>), where silences are created; null refuses silences with 503.</summary>
    public Uri? AlertmanagerUrl { get; init; }

    /// <summary>A webhook (a chat or paging bridge) that gets each alert when it starts firing and when it resolves; null forwards nothing.</summary>
    public Uri? ForwardUrl { get; init; }

    /// <summary>E-mail through an SMTP relay for each alert when it starts firing and when it resolves; null sends none.</summary>
    public EmailForwardOptions? Email { get; init; }

    /// <summary>How the webhook and e-mail forwards retry a notice that failed.</summary>
    public ForwardRetry ForwardRetry { get; init; } = new();

    /// <summary>How often Alertmanager is asked which alerts it still holds (<see cref="UnsentResolutions"/>).</summary>
    public TimeSpan AlertmanagerCheckInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a firing alert must be missing from Alertmanager before the receiver resolves it itself: longer than the
    /// routes' group_interval (5 min), after which Alertmanager has sent every resolution it was going to send.
    /// </summary>
    public TimeSpan ResolveMissingAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether alerts are also written as Events on the objects they name.</summary>
    public bool RecordEvents { get; init; } = true;

    /// <summary>How many alerts one list returns at most.</summary>
    public int ListLimit { get; init; } = 500;
}
