using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Microsoft.AspNetCore.Components;
using Obs.Dashboard.Access;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Components.Objects;

namespace Obs.Dashboard.Pages.Workloads;

/// <summary>
/// Reads the workload and what it owns from the cache; each action form posts back here and is
/// performed with the signed-in user's API client, its outcome shown above the page.
/// </summary>
public sealed partial class WorkloadDetailPage : ComponentBase
{
    [Parameter] public string KindSlug { get; set; } = "";

    [Parameter] public string Namespace { get; set; } = "";

    [Parameter] public string Name { get; set; } = "";

    /// <summary>"delete" shows the confirmation step (a plain link, so it works without JavaScript).</summary>
    [SupplyParameterFromQuery(Name = "confirm")] public string? Confirm { get; set; }

    [SupplyParameterFromForm(FormName = "scale")] public int? Replicas { get; set; }

    [SupplyParameterFromForm(FormName = "rollback")] public long? Revision { get; set; }

    [SupplyParameterFromForm(FormName = "paused")] public bool? Pause { get; set; }

    [Inject] private ClusterCache Cache { get; set; } = null!;

    [Inject] private CurrentUser User { get; set; } = null!;

    [Inject] private TimeProvider Clock { get; set; } = null!;

    private ActionOutcome? Outcome { get; set; }

    private WorkloadKind? Kind => WorkloadKinds.Find(KindSlug);

    private JsonObject? Workload { get; set; }

    /// <summary>Why the user may not see this workload (the API's words), or null.</summary>
    private string? Denied { get; set; }

    private IReadOnlyList<JsonObject> Intermediates { get; set; } = [];

    private IReadOnlyList<JsonObject> Pods { get; set; } = [];

    private IReadOnlyList<WorkloadRevision> Revisions { get; set; } = [];

    private string Title => Kind is null ? "Not found" : $"{Kind.Singular} {Namespace}/{Name}";

    protected override void OnParametersSet() => Load();

    /// <summary>Why the user's token may not <paramref name="verb"/> this workload (its button is disabled), or null.</summary>
    private string? Refused(string verb, string? subresource = null) => AccessDenial.ToDo(User, verb, Kind!.Type, Namespace, Name, subresource);

    private void Load()
    {
        if (Kind is null) return;
        Denied = AccessDenial.ToGet(User, Kind.Type, Namespace, Name);
        if (Denied is not null) return;
        Workload = Cache.Lister(Kind.Type).Get(Namespace, Name);
        if (Workload is null) return;
        // What it owns is shown as far as the user may list it: a viewer of the Deployment may not see its pods.
        var access = User.Access;
        Intermediates = [.. access.Visible(Kind == WorkloadKinds.CronJobs ? ResourceTypes.Job : ResourceTypes.ReplicaSet, WorkloadOwnership.Intermediates(Cache, Kind, Workload))];
        Pods = [.. access.Visible(ResourceTypes.Pod, WorkloadOwnership.Pods(Cache, Kind, Workload))];
        var holders = Kind == WorkloadKinds.Deployments ? ResourceTypes.ReplicaSet : ResourceTypes.ControllerRevision;
        Revisions = [.. RevisionHistory.Of(Cache, Kind, Workload).Where(r => access.Sees(holders, r.Holder))];
    }

    /// <summary>What the delete takes with it, named before the user confirms (the first few of each by name).</summary>
    private string DeleteConsequence
    {
        get
        {
            var parts = new List<string>();
            if (Intermediates.Count > 0) parts.Add(Named(Intermediates, Kind == WorkloadKinds.CronJobs ? "Job" : "ReplicaSet"));
            if (Pods.Count > 0) parts.Add(Named(Pods, "pod"));
            return parts.Count == 0 ? "Nothing else goes with it: it has no pods." : $"Its {string.Join(" and ", parts)} will be deleted with it.";
        }
    }

    private const int NamesShown = 5;

    private static string Named(IReadOnlyList<JsonObject> objects, string noun)
    {
        var names = string.Join(", ", objects.Take(NamesShown).Select(o => ObjectMeta.Name(o)));
        var more = objects.Count > NamesShown ? $" and {objects.Count - NamesShown} more" : "";
        return $"{objects.Count} {noun}{(objects.Count == 1 ? "" : "s")} ({names}{more})";
    }

    private WorkloadActions Actions() => new(User.RequireApi(), Clock);

    private Task ScaleAsync() => Act(() => Replicas is { } replicas
        ? Actions().ScaleAsync(Kind!, Namespace, Name, replicas)
        : throw new InvalidOperationException("Enter the number of replicas."));

    private Task RestartAsync() => Act(() => Actions().RestartAsync(Kind!, Namespace, Name));

    private Task SetPausedAsync() => Act(() => Actions().SetPausedAsync(Namespace, Name, Pause ?? true));

    private Task RollbackAsync() => Act(() => Revision is { } revision
        ? Actions().RollbackAsync(Namespace, Name, revision)
        : throw new InvalidOperationException("Choose a revision to roll back to."));

    private Task RunNowAsync() => Act(() => Actions().RunNowAsync(Namespace, Name));

    private async Task DeleteAsync()
    {
        await Act(() => Actions().DeleteAsync(Kind!.Type, Namespace, Name));
        if (Outcome?.Succeeded == true) Confirm = null;
    }

    private async Task Act(Func<Task<string>> action)
    {
        Outcome = await ActionOutcome.RunAsync(action);
        Load();
    }
}
