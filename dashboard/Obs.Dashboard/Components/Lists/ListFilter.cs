using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Client.Informers;

namespace Obs.Dashboard.Components.Lists;

/// <summary>
/// Filters, sorts and pages a cached list on the server, so a browser gets one page of rows however
/// many objects the cluster holds: namespace and label selector through the lister's indexes, then
/// the search text, then namespace/name order.
/// </summary>
public static class ListFilter
{
    /// <summary>
    /// The page <paramref name="query"/> asks for. The search matches the name, or any of
    /// <paramref name="searchable"/>'s texts (node, image…), ignoring case. A page past the end shows the last page.
    /// </summary>
    public static ListResult Apply(Lister lister, ListQuery query, Func<JsonObject, IEnumerable<string?>>? searchable = null) =>
        Apply(lister, query, static _ => true, searchable);

    /// <summary>As <see cref="Apply(Lister, ListQuery, Func{JsonObject, IEnumerable{string?}}?)"/>, over the objects <paramref name="keep"/> accepts.</summary>
    public static ListResult Apply(Lister lister, ListQuery query, Func<JsonObject, bool> keep, Func<JsonObject, IEnumerable<string?>>? searchable = null)
    {
        if (!query.TryParseSelector(out var selector, out var error))
            return new ListResult([], 0, 1, query.PageSize, error ?? "the label selector does not parse");
        IEnumerable<JsonObject> matches = lister.List(query.Namespace, selector).Where(keep);
        if (query.Search is { } search)
            matches = matches.Where(o => Contains(ObjectMeta.Name(o), search) || (searchable?.Invoke(o).Any(t => Contains(t, search)) ?? false));
        var sorted = matches
            .OrderBy(o => ObjectMeta.Namespace(o) ?? "", StringComparer.Ordinal)
            .ThenBy(o => ObjectMeta.Name(o) ?? "", StringComparer.Ordinal)
            .ToList();
        var pageCount = Math.Max(1, (sorted.Count + query.PageSize - 1) / query.PageSize);
        var page = Math.Min(query.Page, pageCount);
        var items = sorted.Skip((page - 1) * query.PageSize).Take(query.PageSize).ToList();
        return new ListResult(items, sorted.Count, page, query.PageSize, null);
    }

    private static bool Contains(string? text, string search) => text?.Contains(search, StringComparison.OrdinalIgnoreCase) == true;
}
