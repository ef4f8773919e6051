using System.Text.Json.Nodes;
using Obs.NodeAgent.Pods;

namespace Obs.NodeAgent.Tests.Pods;

public sealed class PodFieldPathsTests
{
    private static readonly JsonObject Pod = (JsonObject)JsonNode.Parse("""
        {"metadata":{"name":"web","namespace":"prod","uid":"u1","labels":{"b":"2","a":"1"},"annotations":{"note":"x"}},
         "spec":{"nodeName":"n1","containers":[{"name":"main","resources":{"limits":{"cpu":"1500m","memory":"64Mi"},"requests":{"cpu":"250m"}}}]}}
        """)!;

    [Theory]
    [InlineData("metadata.name", "web")]
    [InlineData("metadata.namespace", "prod")]
    [InlineData("metadata.uid", "u1")]
    [InlineData("spec.nodeName", "n1")]
    [InlineData("spec.serviceAccountName", "default")]
    [InlineData("status.podIP", "10.0.0.5")]
    [InlineData("metadata.labels['a']", "1")]
    [InlineData("metadata.annotations['note']", "x")]
    [InlineData("metadata.labels", "a=\"1\"\nb=\"2\"")]
    public void FieldRefsResolveAsTheDownwardApiDefines(string path, string expected) =>
        Assert.Equal(expected, PodFieldPaths.Field(Pod, path, "10.0.0.5"));

    [Fact]
    public void UnknownFieldPathIsNull() => Assert.Null(PodFieldPaths.Field(Pod, "spec.containers", "1.2.3.4"));

    [Theory]
    [InlineData("limits.cpu", null, "2")]
    [InlineData("limits.cpu", "1m", "1500")]
    [InlineData("requests.cpu", "1m", "250")]
    [InlineData("limits.memory", null, "67108864")]
    [InlineData("limits.memory", "1Mi", "64")]
    public void ResourceFieldRefsRoundUpOverTheDivisor(string resource, string? divisor, string expected)
    {
        var container = (JsonObject)Pod["spec"]!["containers"]![0]!;
        Assert.Equal(expected, PodFieldPaths.Resource(container, resource, divisor, 4000, 1 << 30));
    }

    [Fact]
    public void AbsentLimitIsTheNodesAllocatable()
    {
        var container = new JsonObject { ["name"] = "c" };
        Assert.Equal("4", PodFieldPaths.Resource(container, "limits.cpu", null, 4000, 1 << 30));
        Assert.Equal((1 << 30).ToString(System.Globalization.CultureInfo.InvariantCulture), PodFieldPaths.Resource(container, "limits.memory", null, 4000, 1 << 30));
    }
}
