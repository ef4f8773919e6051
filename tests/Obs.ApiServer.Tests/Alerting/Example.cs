using Obs.Cli.Cluster;

namespace Obs.ApiServer.Tests.Alerting;

/// <summary>The options behind alerts/alertmanager/alertmanager.example.yml: every optional receiver on, with placeholder secrets.</summary>
public static class Example
{
    public static readonly AlertmanagerConfigOptions Options = new()
    {
        ReceiverUrl = "https://127.0.0.1:6443/alerting/v1/webhook",
        BearerToken = "<the admin token from .obs/tokens.csv>",
        CaFile = ".obs/pki/ca.crt",
        Teams = [new AlertmanagerTeamRoute("payments", "https://chat.example.com/hooks/payments")],
        Email = new AlertmanagerEmailReceiver("oncall@example.com", "obs-alerts@example.com", "smtp.example.com:587")
        {
            Username = "obs-alerts",
            Password = "<smtp password>",
        },
        Slack = new AlertmanagerSlackReceiver("https://hooks.slack.com/services/<your>/<webhook>/<path>", "#oncall"),
        PagerDuty = new AlertmanagerPagerDutyReceiver("<PagerDuty Events API v2 integration key>"),
    };
}
