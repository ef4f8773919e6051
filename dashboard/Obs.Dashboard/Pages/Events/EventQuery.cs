namespace Obs.Dashboard.Pages.Events;

/// <summary>
/// The events list's filters, as they stand in the query string, and the page asked for. Matching
/// is exact for namespace, kind, name, type and reason, and case-insensitive containment for search
/// (over reason, message and object name).
/// </summary>
public sealed record EventQuery(string? Namespace, string? Kind, string? Name, string? Type, string? Reason, string? Search, int Page, int PageSize = EventQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 50;

    public EventPage Apply(IEnumerable<EventRow> events)
    {
        var matching = events.Where(Matches).OrderByDescending(e => e.Last).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
        var pages = Math.Max(1, (matching.Count + PageSize - 1) / PageSize);
        var page = Math.Clamp(Page, 1, pages);
        return new EventPage(matching.Skip((page - 1) * PageSize).Take(PageSize).ToList(), matching.Count, page, pages);
    }

    public bool IsFiltered => !string.IsNullOrWhiteSpace(Namespace) || !string.IsNullOrWhiteSpace(Kind) || !string.IsNullOrWhiteSpace(Name)
        || !string.IsNullOrWhiteSpace(Type) || !string.IsNullOrWhiteSpace(Reason) || !string.IsNullOrWhiteSpace(Search);

    /// <summary>Whether the list shows <paramref name="e"/>; also what the list's /live stream (<see cref="LiveStream"/>) is told of.</summary>
    public bool Matches(EventRow e) =>
        Is(Namespace, e.Namespace) && Is(Kind, e.ObjectKind) && Is(Name, e.ObjectName) && Is(Type, e.Type) && Is(Reason, e.Reason)
        && (string.IsNullOrWhiteSpace(Search)
            || e.Message.Contains(Search.Trim(), StringComparison.OrdinalIgnoreCase)
            || e.Reason.Contains(Search.Trim(), StringComparison.OrdinalIgnoreCase)
            || e.ObjectName.Contains(Search.Trim(), StringComparison.OrdinalIgnoreCase));

    private static bool Is(string? wanted, string actual) => string.IsNullOrEmpty(wanted) || string.Equals(wanted, actual, StringComparison.Ordinal);

    /// <summary>
    /// The /live stream the list refreshes on: the events topic with the same filters, so the list is re-fetched when an
    /// event it shows changes, not on every event of the cluster (Live.LiveFilter matches them as <see cref="Matches"/> does).
    /// </summary>
    public string LiveStream => "/live?topic=events" + (QueryFor(1) is { Length: > 0 } filters ? "&" + filters[1..] : "");

    /// <summary>The query string for the same filters on another page, so paging links keep the filters.</summary>
    public string QueryFor(int page)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        Add("namespace", Namespace);
        Add("kind", Kind);
        Add("name", Name);
        Add("type", Type);
        Add("reason", Reason);
        Add("q", Search);
        if (page > 1) parts.Add($"page={page}");
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
