using System.Text.Json.Nodes;
using Obs.Api.Printing;

namespace Obs.Api.Tests.Printing;

public sealed class ColumnJsonPathTests
{
    private static readonly JsonNode Object = JsonNode.Parse("""
        {"metadata":{"labels":{"app.kubernetes.io/name":"web"}},
         "spec":{"ports":[{"port":80},{"port":443}]},
         "status":{"conditions":[{"type":"Synced","status":"False"},{"type":"Ready","status":"True"}]}}
        """)!;

    [Theory]
    [InlineData(".spec.ports[1].port", "443")]
    [InlineData("{.spec.ports[0].port}", "80")]
    [InlineData(".metadata.labels['app.kubernetes.io/name']", "\"web\"")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "\"True\"")]
    [InlineData(".status.conditions[?(@.type=='Synced')].status", "\"False\"")]
    public void PathsFindTheirValue(string path, string json)
    {
        Assert.True(ColumnJsonPath.TryParse(path, out var parsed));
        Assert.Equal(json, parsed!.Evaluate(Object)!.ToJsonString());
    }

    [Fact]
    public void AMissingValueIsNull()
    {
        Assert.True(ColumnJsonPath.TryParse(".spec.ports[5].port", out var parsed));
        Assert.Null(parsed!.Evaluate(Object));
    }

    [Theory]
    [InlineData("spec.replicas")]
    [InlineData(".spec..replicas")]
    [InlineData(".spec.ports[x]")]
    [InlineData(".spec.ports[0")]
    public void OtherSyntaxIsRefused(string path) => Assert.False(ColumnJsonPath.TryParse(path, out _));
}
