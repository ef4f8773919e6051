using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Dashboard.Access;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Charts;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Components.Objects;
using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard.Pages.Nodes;

/// <summary>Reads the node and its pods from the cache; cordon, uncordon and drain go through the user's API client.</summary>
public sealed partial class NodePage : ComponentBase
{
    [Parameter] public string Name { get; set; } = "";

    [SupplyParameterFromQuery(Name = "confirm")] public string? Confirm { get; set; }

    [Inject] private ClusterCache Cache { get; set; } = null!;

    [Inject] private CurrentUser User { get; set; } = null!;

    [Inject] private PrometheusClient Prometheus { get; set; } = null!;

    [Inject] private TimeProvider Clock { get; set; } = null!;

    private IReadOnlyList<ChartData> Charts { get; set; } = [];

    private JsonObject? Node { get; set; }

    /// <summary>Why the user may not see this node (the API's words), or null.</summary>
    private string? Denied { get; set; }

    private IReadOnlyList<JsonObject> Pods { get; set; } = [];

    private NodeDrainPlan Plan { get; set; } = new([], [], [], []);

    private ActionOutcome? Outcome { get; set; }

    private string Path => $"/nodes/{Uri.EscapeDataString(Name)}";

    /// <summary>Cordon, uncordon and drain all patch the node: why the user's token may not (their buttons are disabled), or null.</summary>
    private string? CannotPatch => AccessDenial.ToDo(User, "patch", ResourceTypes.Node, null, Name);

    protected override async Task OnParametersSetAsync()
    {
        Load();
        // The node's own USE; Prometheus being away comes back as charts that say so.
        Charts = Node is null ? [] : await UsageCharts.LoadAsync(Prometheus, Clock.GetUtcNow(), CancellationToken.None, node: Name);
    }

    private void Load()
    {
        Denied = AccessDenial.ToGet(User, ResourceTypes.Node, null, Name);
        if (Denied is not null) return;
        Node = Cache.Lister(ResourceTypes.Node).Get(null, Name);
        Pods = [.. User.Access.Visible(ResourceTypes.Pod, Cache.Lister(ResourceTypes.Pod).List()).Where(p => p.StringAt("spec", "nodeName") == Name)
            .OrderBy(p => ObjectMeta.Namespace(p), StringComparer.Ordinal).ThenBy(p => ObjectMeta.Name(p), StringComparer.Ordinal)];
        Plan = NodeDrainPlan.For(Name, Pods);
    }

    private async Task CordonAsync() => Outcome = await ActionOutcome.RunAsync(() => new NodeActions(User.RequireApi()).SetUnschedulableAsync(Name, true));

    private async Task UncordonAsync() => Outcome = await ActionOutcome.RunAsync(() => new NodeActions(User.RequireApi()).SetUnschedulableAsync(Name, false));

    private async Task DrainAsync()
    {
        Outcome = await ActionOutcome.RunAsync(() => new NodeActions(User.RequireApi()).DrainAsync(Name, Plan));
        if (Outcome.Succeeded) Confirm = null;
    }
}
