using Obs.Api.Resources;
using Obs.Dashboard.Components.Lists;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Components.Lists;

public sealed class FilterBarTests
{
    private readonly CachedObjects _objects = new();

    [Fact]
    public async Task TheFormIsAGetWithLabelledFieldsAndTheCurrentFilters()
    {
        _objects.Add(ResourceTypes.Namespace, new() { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "shop" } });
        var query = ListQuery.From("shop", "app=web", "api", null, null);

        var html = await ComponentRenderer.RenderAsync<FilterBar>(new Dictionary<string, object?> { ["Query"] = query, ["Path"] = "/pods", ["Noun"] = "pods" }, s => _objects.Services(s));

        Assert.Contains("<form class=\"filter-bar\" method=\"get\" action=\"/pods\"", html);
        Assert.Contains("<label for=\"filter-selector\">Label selector</label>", html);
        Assert.Contains("value=\"app=web\"", html);
        Assert.Contains("<option value=\"shop\" selected>shop</option>", html);
        Assert.Contains("href=\"/pods\">Clear filters</a>", html);
    }

    [Fact]
    public async Task ASelectorErrorIsShownNextToTheField()
    {
        var html = await ComponentRenderer.RenderAsync<FilterBar>(
            new Dictionary<string, object?> { ["Query"] = ListQuery.From(null, "app in (", null, null, null), ["Path"] = "/pods", ["SelectorError"] = "expected a value" },
            s => _objects.Services(s));

        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"filter-selector-error\"", html);
        Assert.Contains("<span id=\"filter-selector-error\" class=\"error\" role=\"alert\">Invalid label selector: expected a value</span>", html);
    }

    [Fact]
    public async Task PagerLinksKeepTheFilters()
    {
        var query = ListQuery.From("shop", null, "web", 2, null);
        var result = new ListResult([new() { }], 120, 2, 50, null);

        var html = await ComponentRenderer.RenderAsync<Pager>(new Dictionary<string, object?> { ["Result"] = result, ["Query"] = query, ["Path"] = "/pods" });

        Assert.Contains("<a rel=\"prev\" href=\"/pods?namespace=shop&amp;search=web\">Previous</a>", html);
        Assert.Contains("<a rel=\"next\" href=\"/pods?namespace=shop&amp;search=web&amp;page=3\">Next</a>", html);
        Assert.Contains("Page 2 of 3", html);
    }
}
