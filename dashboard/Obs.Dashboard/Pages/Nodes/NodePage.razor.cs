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

    /// <summary>
    /// Drain also evicts every pod on the node, whatever its namespace, as <c>kubectl drain</c> does: it needs to list pods
    /// and create evictions cluster-wide too (with less, the plan would miss the pods the user cannot see).
    /// </summary>
    private string? CannotDrain => CannotPatch
        ?? (User.Access.MayList(ResourceTypes.Pod) ? null : "Your token may not list pods in every namespace.")
        ?? AccessDenial.ToDo(User, "create", ResourceTypes.Pod, null, null, "eviction");

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
