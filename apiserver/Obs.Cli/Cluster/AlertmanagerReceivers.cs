namespace Obs.Cli.Cluster;

/// <summary>E-mail through an SMTP relay, for warnings and pages. <c>Smarthost</c> is <c>host:port</c>.</summary>
public sealed record AlertmanagerEmailReceiver(string To, string From, string Smarthost)
{
    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary>STARTTLS is required by default, as Alertmanager does; a local relay may not offer it.</summary>
    public bool RequireTls { get; init; } = true;
}

/// <summary>A Slack incoming webhook (or anything speaking its format: Mattermost, Rocket.Chat), for warnings and pages.</summary>
public sealed record AlertmanagerSlackReceiver(string ApiUrl, string Channel);

/// <summary>PagerDuty Events API v2 (or a service speaking it), for pages only.</summary>
public sealed record AlertmanagerPagerDutyReceiver(string RoutingKey)
{
    /// <summary>The Events API endpoint; null keeps Alertmanager's default (PagerDuty's own).</summary>
    public string? Url { get; init; }
}

/// <summary>Alerts labelled <c>team=Team</c> also go to this team's own webhook.</summary>
public sealed record AlertmanagerTeamRoute(string Team, string WebhookUrl);
