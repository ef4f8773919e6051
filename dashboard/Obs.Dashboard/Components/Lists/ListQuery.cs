using System.Text;
using Obs.Api.Selectors;

namespace Obs.Dashboard.Components.Lists;

/// <summary>
/// What a list shows, as read from its URL: namespace (null for all), label selector, search text,
/// page (from 1), page size and status (the list's own vocabulary: "degraded", "crash-looping"…). <see cref="Href"/> writes it back, so a view can be shared or paged
/// without losing its filters.
/// </summary>
public sealed record ListQuery(string? Namespace = null, string? Selector = null, string? Search = null, int Page = 1, int PageSize = ListQuery.DefaultPageSize, string? Status = null)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>The query with out-of-range numbers brought into range and blank text read as absent.</summary>
    public static ListQuery From(string? @namespace, string? selector, string? search, int? page, int? pageSize, string? status = null) => new(
        Blank(@namespace), Blank(selector), Blank(search),
        Math.Max(1, page ?? 1),
        Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize),
        Blank(status));

    public bool IsFiltered => Namespace is not null || Selector is not null || Search is not null || Status is not null;

    /// <summary>The parsed label selector (everything when none); false with the parser's message when it does not parse.</summary>
    public bool TryParseSelector(out LabelSelector selector, out string? error)
    {
        if (Selector is null)
        {
            selector = LabelSelector.Everything;
            error = null;
            return true;
        }
        return LabelSelector.TryParse(Selector, out selector, out error);
    }

    /// <summary>The address of this view at <paramref name="path"/> (another page when given); defaults are left out of the URL.</summary>
    public string Href(string path, int? page = null)
    {
        var query = new StringBuilder();
        Add(query, "namespace", Namespace);
        Add(query, "selector", Selector);
        Add(query, "search", Search);
        Add(query, "status", Status);
        var p = page ?? Page;
        if (p != 1) Add(query, "page", p.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (PageSize != DefaultPageSize) Add(query, "size", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return query.Length == 0 ? path : path + "?" + query;
    }

    private static void Add(StringBuilder query, string key, string? value)
    {
        if (value is null) return;
        if (query.Length > 0) query.Append('&');
        query.Append(key).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
