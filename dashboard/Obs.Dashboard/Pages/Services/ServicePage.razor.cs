using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Dashboard.Access;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Charts;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard.Pages.Services;

/// <summary>Reads the service, its slices and ingresses from the cache and its RED from Prometheus; Prometheus being away is shown in the charts' place.</summary>
public sealed partial class ServicePage : ComponentBase
{
    [Parameter] public string Namespace { get; set; } = "";

    [Parameter] public string Name { get; set; } = "";

    [Inject] private ClusterCache Cache { get; set; } = null!;

    [Inject] private CurrentUser User { get; set; } = null!;

    [Inject] private PrometheusClient Prometheus { get; set; } = null!;

    [Inject] private TimeProvider Clock { get; set; } = null!;

    private JsonObject? Service { get; set; }

    /// <summary>Why the user may not see this Service (the API's words), or null.</summary>
    private string? Denied { get; set; }

    private IReadOnlyList<ServiceEndpoint> Endpoints { get; set; } = [];

    private IReadOnlyList<string> Routes { get; set; } = [];

    private IEnumerable<KeyValuePair<string, string>> Selector { get; set; } = [];

    private IReadOnlyList<ChartData> Charts { get; set; } = [];

    private double? Objective { get; set; }

    private string BudgetText { get; set; } = "";

    protected override async Task OnParametersSetAsync()
    {
        Denied = AccessDenial.ToGet(User, ResourceTypes.Service, Namespace, Name);
        if (Denied is not null) return;
        Service = Cache.Lister(ResourceTypes.Service).Get(Namespace, Name);
        if (Service is null) return;
        var access = User.Access;
        Endpoints = ServiceFacts.Endpoints(Service, [.. access.Visible(ResourceTypes.EndpointSlice, Cache.Lister(ResourceTypes.EndpointSlice).List(Namespace))]);
        Routes = ServiceFacts.IngressRoutes(Service, [.. access.Visible(ResourceTypes.Ingress, Cache.Lister(ResourceTypes.Ingress).List(Namespace))]);
        Selector = (Service.At("spec", "selector") as JsonObject)?.Select(p => KeyValuePair.Create(p.Key, p.Value?.ToString() ?? "")).ToList() ?? [];
        Objective = ServiceFacts.Availability(Service);
        Charts = await ServiceRedCharts.LoadAsync(Prometheus, Namespace, Name, Clock.GetUtcNow(), CancellationToken.None);
        if (Objective is { } objective)
        {
            try
            {
                BudgetText = await ServiceRedCharts.BudgetLeftAsync(Prometheus, Namespace, Name, objective, CancellationToken.None) is { } left
                    ? $"{left * 100:0.#}%"
                    : "no traffic recorded yet";
            }
            catch (PrometheusException e)
            {
                BudgetText = e.Message;
            }
        }
    }
}
