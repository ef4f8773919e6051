using Microsoft.AspNetCore.Components;
using Obs.Client.Rest;
using Obs.Dashboard.Alerting;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Components.Objects;

namespace Obs.Dashboard.Pages.Alerts;

public sealed partial class AlertsPage
{
    /// <summary>The severities the rules use, worst first; alerts are listed in this order within a state.</summary>
    internal static readonly IReadOnlyList<string> Severities = ["critical", "warning", "info", "none"];

    [Inject] private CurrentUser User { get; set; } = null!;

    [Inject] private TimeProvider Time { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    /// <summary>This page with its filters, for the live list's re-fetch (an acknowledgement was posted to it too).</summary>
    private string ListHref => "/" + Navigation.ToBaseRelativePath(Navigation.Uri);

    [SupplyParameterFromQuery(Name = "state")] public string? State { get; set; }

    [SupplyParameterFromQuery(Name = "severity")] public string? Severity { get; set; }

    [SupplyParameterFromQuery(Name = "namespace")] public string? Namespace { get; set; }

    [SupplyParameterFromForm(FormName = "ack")] public long? AckId { get; set; }

    private IReadOnlyList<Alert> Alerts { get; set; } = [];

    private List<Alert> Shown { get; set; } = [];

    private IEnumerable<string> Namespaces => Alerts.Select(a => a.Namespace).OfType<string>().Distinct().Order(StringComparer.Ordinal);

    private string? Error { get; set; }

    private ActionOutcome? Outcome { get; set; }

    private DateTimeOffset Now { get; set; }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        Now = Time.GetUtcNow();
        Error = null;
        try
        {
            var client = new AlertingClient(User.RequireHttp());
            // The receiver filters by state; severity and namespace are labels, filtered here.
            var states = State is { Length: > 0 } s && AlertStatus.All.Contains(s) ? new[] { s } : [];
            Alerts = await client.ListAsync(states);
        }
        catch (AlertingUnreachableException e)
        {
            Alerts = [];
            Error = $"The on-call receiver is unreachable: {e.Message}";
        }
        catch (ApiException e)
        {
            Alerts = [];
            Error = $"The on-call receiver refused to list alerts ({e.Reason}): {e.Message}";
        }
        Shown = [.. Alerts
            .Where(a => string.IsNullOrEmpty(Severity) || a.Severity == Severity)
            .Where(a => string.IsNullOrEmpty(Namespace) || a.Namespace == Namespace)
            .OrderBy(a => a.IsResolved)
            .ThenBy(a => SeverityRank(a.Severity))
            .ThenByDescending(a => a.StartsAt)];
    }

    private async Task AcknowledgeAsync()
    {
        if (AckId is not { } id) return;
        (Outcome, _) = await AlertActions.AcknowledgeAsync(User.RequireHttp(), id);
        await LoadAsync();
    }

    internal static int SeverityRank(string severity)
    {
        var i = Severities.ToList().IndexOf(severity);
        return i < 0 ? Severities.Count : i;
    }
}
