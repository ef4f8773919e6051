using Microsoft.AspNetCore.Components;
using Obs.Dashboard.Auth;

namespace Obs.Dashboard.Components.Lists;

/// <summary>A list page: its filters come from the query string (namespace, selector, search, status, page, size), so URLs can be shared.</summary>
public abstract class ListPageBase : ComponentBase
{
    [SupplyParameterFromQuery(Name = "namespace")] public string? NamespaceFilter { get; set; }

    [SupplyParameterFromQuery(Name = "selector")] public string? SelectorFilter { get; set; }

    [SupplyParameterFromQuery(Name = "search")] public string? SearchFilter { get; set; }

    [SupplyParameterFromQuery(Name = "status")] public string? StatusFilter { get; set; }

    [SupplyParameterFromQuery(Name = "page")] public int? PageNumber { get; set; }

    [SupplyParameterFromQuery(Name = "size")] public int? PageSize { get; set; }

    /// <summary>The signed-in user: a list shows only the objects their token may list.</summary>
    [Inject] protected CurrentUser User { get; set; } = null!;

    protected ListQuery Query => ListQuery.From(NamespaceFilter, SelectorFilter, SearchFilter, PageNumber, PageSize, StatusFilter);
}
