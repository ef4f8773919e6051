namespace Obs.Cli.Cluster;

/// <summary>What the generated Alertmanager configuration routes where.</summary>
public sealed record AlertmanagerConfigOptions
{
    /// <summary>The on-call receiver's webhook, e.g. <c>https://127.0.0.1:6443/alerting/v1/webhook</c>.</summary>
    public required string ReceiverUrl { get; init; }

    /// <summary>Bearer token the webhook is called with (a token of the apiserver's token file).</summary>
    public required string BearerToken { get; init; }

    /// <summary>PEM file of the CA that signed the apiserver's certificate; null trusts the system roots.</summary>
    public string? CaFile { get; init; }

    public AlertmanagerRouteTiming Default { get; init; } = AlertmanagerRouteTiming.Default;
    public AlertmanagerRouteTiming Critical { get; init; } = AlertmanagerRouteTiming.Critical;
    public AlertmanagerRouteTiming Warning { get; init; } = AlertmanagerRouteTiming.Default;
    public AlertmanagerRouteTiming Info { get; init; } = AlertmanagerRouteTiming.Info;

    /// <summary>How long an alert that stops being re-sent stays firing (the <c>global.resolve_timeout</c>).</summary>
    public TimeSpan ResolveTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Alerts meaning "this node is down" (alerts/rules/cluster.rules.yml defines each): while one fires, alerts about pods on
    /// the same node are inhibited.
    /// </summary>
    public IReadOnlyList<string> NodeDownAlerts { get; init; } = ["KubeNodeNotReady", "KubeNodeUnreachable", "KubeletDown"];

    /// <summary>Labels that must match for a critical alert to inhibit the warning (and a warning the info) of the same alert.</summary>
    public IReadOnlyList<string> SeverityInhibitionEqual { get; init; } = ["alertname", "namespace", "node", "pod", "instance", "service"];

    public IReadOnlyList<AlertmanagerTeamRoute> Teams { get; init; } = [];
    public AlertmanagerEmailReceiver? Email { get; init; }
    public AlertmanagerSlackReceiver? Slack { get; init; }
    public AlertmanagerPagerDutyReceiver? PagerDuty { get; init; }
}
