using System.Text.Json.Nodes;
using Obs.Testing;
using static Obs.ApiServer.Tests.CustomResources.Definitions;

namespace Obs.ApiServer.Tests.CustomResources;

/// <summary>A definition's categories reach kubectl through discovery: <c>api-resources</c> lists them and <c>get all</c> includes the kind.</summary>
public sealed class CustomResourceCategoryTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task AKindInCategoryAllIsListedByGetAll()
    {
        var crd = WidgetDefinition("category.example.com");
        crd["spec"]!["names"]!["categories"] = new JsonArray("all", "gear");
        await CreateServedAsync(cluster, crd);
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, "/apis/category.example.com/v1/namespaces/default/widgets", Widget("w1", "category.example.com"));
        Assert.True(code == 201, $"create answered {code}: {body}");

        var resources = await cluster.KubectlOkAsync("api-resources", "--api-group", "category.example.com", "-o", "wide");
        Assert.Contains("all,gear", resources);
        Assert.Contains("widget.category.example.com/w1", await cluster.KubectlOkAsync("get", "all", "-n", "default", "-o", "name"));
        Assert.Contains("widget.category.example.com/w1", await cluster.KubectlOkAsync("get", "gear", "-n", "default", "-o", "name"));
    }
}
