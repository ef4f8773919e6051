using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Charts;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard.Pages.Overview;

public sealed partial class OverviewPage
{
    [Inject] private ClusterCache Cache { get; set; } = default!;

    [Inject] private CurrentUser User { get; set; } = default!;

    [Inject] private PrometheusClient Prometheus { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    private ClusterHealth Health { get; set; } = default!;

    private AlertCounts? Alerts { get; set; }

    private string? AlertsError { get; set; }

    private IReadOnlyList<ChartData> Charts { get; set; } = [];

    private bool NodesHidden { get; set; }

    private IReadOnlyList<ServiceRed> Services { get; set; } = [];

    private string? ServicesError { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var cancel = HttpContext?.RequestAborted ?? CancellationToken.None;
        Health = ClusterHealth.From(Cache, User.Access);
        // The three sources are independent: ask them all at once so the page waits for the slowest, not the sum.
        var alerts = LoadAlertsAsync(cancel);
        // The cluster's USE is the nodes' figures: shown to whom may list nodes, as the node list is.
        NodesHidden = !User.Access.MayList(Obs.Api.Resources.ResourceTypes.Node);
        var charts = NodesHidden ? Task.FromResult<IReadOnlyList<ChartData>>([]) : UsageCharts.LoadAsync(Prometheus, Time.GetUtcNow(), cancel);
        var services = LoadServicesAsync(cancel);
        await Task.WhenAll(alerts, charts, services);
        Charts = await charts;
    }

    private async Task LoadAlertsAsync(CancellationToken cancel) => (Alerts, AlertsError) = await AlertCounts.TryLoadAsync(User, cancel);

    private async Task LoadServicesAsync(CancellationToken cancel)
    {
        try
        {
            Services = await ServiceRed.LoadAsync(Prometheus, ns => User.Access.MayList(Obs.Api.Resources.ResourceTypes.Service, ns), cancel);
        }
        catch (PrometheusException e)
        {
            ServicesError = e.Message;
        }
    }
}
