using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>A resourceVersion inside a patch or an applied configuration is a precondition, as in Kubernetes.</summary>
public sealed class PatchPreconditionTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private async Task<string> CreateAsync(string name)
    {
        var (code, created) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps, $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"v":"0"}}""");
        Assert.Equal(201, code);
        return created!["metadata"]!["resourceVersion"]!.GetValue<string>();
    }

    [Theory]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/strategic-merge-patch+json")]
    public async Task APatchNamingAnOlderResourceVersionIsAConflictAndChangesNothing(string contentType)
    {
        var name = "stale-" + contentType.Split('/')[1].Split('+')[0];
        var old = await CreateAsync(name);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/{name}", """{"data":{"v":"1"}}""", contentType)).Code);

        var (code, status) = await cluster.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/{name}",
            $$$"""{"metadata":{"resourceVersion":"{{{old}}}"},"data":{"v":"stale"}}""", contentType);
        Assert.Equal(409, code);
        Assert.Equal("Conflict", status!["reason"]!.GetValue<string>());
        Assert.Contains("the object has been modified", status["message"]!.GetValue<string>());
        Assert.Equal("1", (await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}/{name}")).Body!["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task APatchNamingTheCurrentResourceVersionApplies()
    {
        var current = await CreateAsync("current");
        var (code, patched) = await cluster.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/current",
            $$$"""{"metadata":{"resourceVersion":"{{{current}}}"},"data":{"v":"2"}}""", "application/merge-patch+json");
        Assert.Equal(200, code);
        Assert.Equal("2", patched!["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnAppliedConfigurationNamingAnOlderResourceVersionIsAConflict()
    {
        var old = await CreateAsync("applied");
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/applied", """{"data":{"v":"1"}}""", "application/merge-patch+json")).Code);
        // Forced, so that only the resourceVersion can make it conflict (not the field owned by the patch above).
        var (code, status) = await cluster.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/applied?fieldManager=tester&force=true",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied","resourceVersion":"{{{old}}}"},"data":{"v":"applied"}}""", "application/apply-patch+yaml");
        Assert.Equal(409, code);
        Assert.Contains("the object has been modified", status!["message"]!.GetValue<string>());
    }
}
