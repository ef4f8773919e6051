using System.Text.Json.Nodes;
using Obs.Api.Defaults;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Registry;

/// <summary>
/// An apiserver started with <c>--default-unreachable-toleration-seconds 17</c> (its options, as <c>obs apiserver</c> sets them)
/// gives pods that do not tolerate the unreachable taint a 17 s toleration; the not-ready one keeps Kubernetes' 300 s.
/// </summary>
public sealed class DefaultTolerationSecondsTests : IAsyncLifetime
{
    private readonly TestCluster _cluster = new()
    {
        Configure = options => options with { DefaultTolerationSeconds = new DefaultTolerationSeconds { Unreachable = 17 } },
    };

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    private async Task<JsonArray> CreatedTolerationsAsync(string name, string tolerations)
    {
        var (code, pod) = await _cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods",
            $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"tolerations":{{{tolerations}}},"containers":[{"name":"c","image":"busybox"}]}}""");
        Assert.True(code == 201, pod?.ToJsonString());
        return pod!["spec"]!["tolerations"]!.AsArray();
    }

    [Fact]
    public async Task APodWithoutTolerationsGetsTheConfiguredUnreachableSeconds()
    {
        var tolerations = await CreatedTolerationsAsync("plain", "[]");

        Assert.Equal(
            """[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":17}]""",
            tolerations.ToJsonString());
    }

    [Fact]
    public async Task APodsOwnUnreachableTolerationIsKept()
    {
        var tolerations = await CreatedTolerationsAsync("patient",
            """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":600}]""");

        Assert.Equal(
            """[{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":600},{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]""",
            tolerations.ToJsonString());
    }
}
