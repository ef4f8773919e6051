using Microsoft.AspNetCore.Components;
using Obs.Client.Rest;
using Obs.Dashboard.Alerting;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Components.Objects;

namespace Obs.Dashboard.Pages.Alerts;

public sealed partial class AlertPage
{
    internal static readonly IReadOnlyList<string> Durations = ["1h", "4h", "1d"];

    [Inject] private CurrentUser User { get; set; } = null!;

    [Inject] private TimeProvider Time { get; set; } = null!;

    [Parameter] public long Id { get; set; }

    [SupplyParameterFromForm(FormName = "ack")] public long? AckId { get; set; }

    [SupplyParameterFromForm(FormName = "silence")] public SilenceForm? Silence { get; set; }

    private AlertDetail? Detail { get; set; }

    private string? Error { get; set; }

    private ActionOutcome? Outcome { get; set; }

    private DateTimeOffset Now { get; set; }

    protected override Task OnInitializedAsync()
    {
        Silence ??= new SilenceForm();
        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        Now = Time.GetUtcNow();
        Error = null;
        try
        {
            var client = new AlertingClient(User.RequireHttp());
            Detail = await client.GetAsync(Id);
        }
        catch (AlertingUnreachableException e)
        {
            Detail = null;
            Error = $"The on-call receiver is unreachable: {e.Message}";
        }
        catch (ApiException e)
        {
            Detail = null;
            Error = e.IsNotFound ? $"There is no alert {Id}." : $"The on-call receiver refused to show alert {Id} ({e.Reason}): {e.Message}";
        }
    }

    private async Task AcknowledgeAsync()
    {
        (Outcome, _) = await AlertActions.AcknowledgeAsync(User.RequireHttp(), AckId ?? Id);
        await LoadAsync();
    }

    private async Task SilenceAsync()
    {
        if (Detail is null) return;
        Outcome = await AlertActions.SilenceAsync(User.RequireHttp(), Id, Silence!.Effective, Silence.Comment);
    }
}
