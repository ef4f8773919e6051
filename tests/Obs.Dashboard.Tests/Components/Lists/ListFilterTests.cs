using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Dashboard.Components.Lists;

namespace Obs.Dashboard.Tests.Components.Lists;

public sealed class ListFilterTests
{
    private readonly CachedObjects _objects = new();

    private Obs.Client.Informers.Lister Pods => _objects.Cache.Lister(ResourceTypes.Pod);

    [Fact]
    public void PageTwoOfFiveThousandPodsHoldsRowsFiftyOneToOneHundredInNameOrder()
    {
        for (var i = 0; i < 5000; i++) _objects.Add(ResourceTypes.Pod, Pod("load", $"pod-{i:D4}"));

        var result = ListFilter.Apply(Pods, ListQuery.From(null, null, null, 2, null));

        Assert.Equal(5000, result.Total);
        Assert.Equal(100, result.PageCount);
        Assert.Equal("pod-0050", result.Items[0].StringAt("metadata", "name"));
        Assert.Equal("pod-0099", result.Items[^1].StringAt("metadata", "name"));
        Assert.Equal((51, 100), (result.First, result.Last));
    }

    [Fact]
    public void NamespaceSelectorAndSearchNarrowTheList()
    {
        _objects.Add(ResourceTypes.Pod, Pod("shop", "web-1", "web"))
            .Add(ResourceTypes.Pod, Pod("shop", "web-2", "web"))
            .Add(ResourceTypes.Pod, Pod("shop", "db-1", "db"))
            .Add(ResourceTypes.Pod, Pod("other", "web-3", "web"));

        var result = ListFilter.Apply(Pods, ListQuery.From("shop", "app=web", "WEB-2", null, null));

        Assert.Equal(["web-2"], result.Items.Select(p => p.StringAt("metadata", "name")));
    }

    [Fact]
    public void AnInvalidSelectorGivesItsErrorAndNoRows()
    {
        _objects.Add(ResourceTypes.Pod, Pod("shop", "web-1", "web"));

        var result = ListFilter.Apply(Pods, ListQuery.From(null, "app in (web", null, null, null));

        Assert.Empty(result.Items);
        Assert.NotNull(result.SelectorError);
    }

    [Fact]
    public void APagePastTheEndShowsTheLastPage()
    {
        for (var i = 0; i < 3; i++) _objects.Add(ResourceTypes.Pod, Pod("shop", $"p{i}"));

        var result = ListFilter.Apply(Pods, ListQuery.From(null, null, null, 9, 2));

        Assert.Equal(2, result.Page);
        Assert.Equal(["p2"], result.Items.Select(p => p.StringAt("metadata", "name")));
    }

    [Fact]
    public void HrefKeepsTheFiltersAndLeavesDefaultsOut()
    {
        var query = ListQuery.From("shop", "app=web", "a b", 3, null);

        Assert.Equal("/pods?namespace=shop&selector=app%3Dweb&search=a%20b&page=4", query.Href("/pods", 4));
        Assert.Equal("/pods", ListQuery.From(null, " ", null, 1, null).Href("/pods"));
    }

    internal static JsonObject Pod(string ns, string name, string? app = null)
    {
        var meta = CachedObjects.Meta(ns, name, TimeSpan.FromHours(1));
        if (app is not null) meta["labels"] = new JsonObject { ["app"] = app };
        return new JsonObject { ["metadata"] = meta, ["spec"] = new JsonObject(), ["status"] = new JsonObject { ["phase"] = "Running" } };
    }
}
