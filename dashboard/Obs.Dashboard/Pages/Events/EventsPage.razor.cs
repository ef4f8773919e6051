using Microsoft.AspNetCore.Components;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Cluster;

namespace Obs.Dashboard.Pages.Events;

public sealed partial class EventsPage
{
    [Inject] private ClusterCache Cache { get; set; } = null!;

    [Inject] private CurrentUser User { get; set; } = null!;

    [Inject] private TimeProvider Time { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "namespace")] public string? Namespace { get; set; }

    [SupplyParameterFromQuery(Name = "kind")] public string? Kind { get; set; }

    [SupplyParameterFromQuery(Name = "name")] public string? Name { get; set; }

    [SupplyParameterFromQuery(Name = "type")] public string? Type { get; set; }

    [SupplyParameterFromQuery(Name = "reason")] public string? Reason { get; set; }

    [SupplyParameterFromQuery(Name = "q")] public string? Search { get; set; }

    [SupplyParameterFromQuery(Name = "page")] public int? PageNumber { get; set; }

    private EventQuery Query { get; set; } = null!;

    private EventPage Result { get; set; } = null!;

    private IReadOnlyList<string> Namespaces { get; set; } = [];

    private DateTimeOffset Now { get; set; }

    private bool IsFiltered => Query.IsFiltered;

    protected override void OnParametersSet()
    {
        Now = Time.GetUtcNow();
        Query = new EventQuery(Namespace, Kind, Name, Type, Reason, Search, PageNumber ?? 1);
        // From the informer's memory: a page view costs no API request, however many events there are.
        var events = User.Access.Visible(ResourceTypes.Event, Cache.Lister(ResourceTypes.Event).List(string.IsNullOrEmpty(Namespace) ? null : Namespace));
        Result = Query.Apply(events.Select(EventRow.FromJson));
        Namespaces = [.. User.Access.Namespaces(ResourceTypes.Event, Cache.Lister(ResourceTypes.Namespace).List().Select(n => ObjectMeta.Name(n) ?? "").Where(n => n.Length > 0)).Order(StringComparer.Ordinal)];
    }

    /// <summary>The value of a live-update attribute on the first page; null (no attribute) on later pages.</summary>
    private string? Live(string value) => Result.Page == 1 ? value : null;

    private static string ObjectText(EventRow e) => e.ObjectNamespace is { Length: > 0 } ns ? $"{ns}/{e.ObjectName}" : e.ObjectName;
}
