using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Dashboard.Access;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Charts;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Components.Objects;
using Obs.Dashboard.Prometheus;
using Obs.Dashboard.Pages.Workloads;

namespace Obs.Dashboard.Pages.Pods;

/// <summary>Reads the pod from the cache; the log options come from the query string so a log view can be shared; delete goes through the user's API client.</summary>
public sealed partial class PodDetailPage : ComponentBase
{
    [Parameter] public string Namespace { get; set; } = "";

    [Parameter] public string Name { get; set; } = "";

    [SupplyParameterFromQuery(Name = "confirm")] public string? Confirm { get; set; }

    [SupplyParameterFromQuery(Name = "container")] public string? LogContainer { get; set; }

    [SupplyParameterFromQuery(Name = "previous")] public string? LogPrevious { get; set; }

    [SupplyParameterFromQuery(Name = "tail")] public int? LogTail { get; set; }

    [SupplyParameterFromQuery(Name = "search")] public string? LogSearch { get; set; }

    [SupplyParameterFromQuery(Name = "follow")] public string? LogFollow { get; set; }

    [Inject] private ClusterCache Cache { get; set; } = null!;

    [Inject] private CurrentUser User { get; set; } = null!;

    [Inject] private TimeProvider Clock { get; set; } = null!;

    [Inject] private PrometheusClient Prometheus { get; set; } = null!;

    [CascadingParameter] private HttpContext? HttpContext { get; set; }

    private IReadOnlyList<ChartData> Charts { get; set; } = [];

    private JsonObject? Pod { get; set; }

    /// <summary>Why the user may not see this pod (the API's words), or null.</summary>
    private string? Denied { get; set; }

    private ActionOutcome? Outcome { get; set; }

    /// <summary>
    /// An htmx re-fetch of the parts that follow the pod and its events: the charts and the log are left out of it,
    /// so a notice costs neither a Prometheus query nor a log read.
    /// </summary>
    private bool IsLiveRefresh => HttpContext?.Request.Headers.ContainsKey("HX-Request") == true;

    private string Path => $"/pods/{Uri.EscapeDataString(Namespace)}/{Uri.EscapeDataString(Name)}";

    protected override async Task OnParametersSetAsync()
    {
        Denied = AccessDenial.ToGet(User, ResourceTypes.Pod, Namespace, Name);
        Pod = Denied is null ? Cache.Lister(ResourceTypes.Pod).Get(Namespace, Name) : null;
        // A live re-fetch (htmx) takes only the parts that follow the pod, never the charts: no Prometheus query per pods notice.
        if (IsLiveRefresh) return;
        // Prometheus being away comes back as charts that say so, never as an exception.
        Charts = Pod is null ? [] : await PodUsageCharts.LoadAsync(Prometheus, Pod, Clock.GetUtcNow(), CancellationToken.None);
    }

    /// <summary>A pod has nothing of its own to take along, but its controller will replace it: said before the user confirms.</summary>
    private string DeleteConsequence =>
        (Pod?.At("metadata", "ownerReferences") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(r => r.BoolAt("controller") == true) is { } owner
            ? $"Its controller, {owner.StringAt("kind")} {owner.StringAt("name")}, will create a replacement."
            : "Nothing controls it: it will not be replaced.";

    private async Task DeleteAsync()
    {
        Outcome = await ActionOutcome.RunAsync(() => new WorkloadActions(User.RequireApi(), Clock).DeleteAsync(ResourceTypes.Pod, Namespace, Name));
        if (Outcome.Succeeded) Confirm = null;
    }
}
