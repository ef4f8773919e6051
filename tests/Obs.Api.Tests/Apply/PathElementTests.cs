using System.Text.Json.Nodes;
using Obs.Api.Apply;

namespace Obs.Api.Tests.Apply;

public sealed class PathElementTests
{
    [Fact]
    public void KeySortsKeyFieldsByName()
    {
        var key = PathElement.Key([new("protocol", JsonValue.Create("TCP")), new("containerPort", JsonValue.Create(80))]);

        Assert.Equal("""k:{"containerPort":80,"protocol":"TCP"}""", key);
    }

    [Fact]
    public void NormalizeRewritesKeysAndValuesCanonically()
    {
        Assert.Equal("""k:{"containerPort":80,"protocol":"TCP"}""", PathElement.Normalize("""k:{ "protocol": "TCP", "containerPort": 80 }"""));
        Assert.Equal("""v:"a" """.TrimEnd(), PathElement.Normalize("""v: "a" """));
        Assert.Equal("i:3", PathElement.Normalize("i:3"));
        Assert.Equal("f:spec", PathElement.Normalize("f:spec"));
    }

    [Theory]
    [InlineData("x:1")]
    [InlineData("spec")]
    [InlineData("k:[1]")]
    [InlineData("v:{")]
    [InlineData("i:-1")]
    public void NormalizeRejectsMalformedElements(string element)
    {
        Assert.Throws<FormatException>(() => PathElement.Normalize(element));
    }

    [Fact]
    public void DisplayPrintsPathsAsKubernetesDoes()
    {
        string[] path = ["f:spec", "f:template", "f:spec", "f:containers", """k:{"name":"nginx"}""", "f:ports", """k:{"containerPort":80,"protocol":"TCP"}""", "f:name"];

        Assert.Equal(""".spec.template.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"].name""", PathElement.Display(path));
        Assert.Equal("""[="x"]""", PathElement.Display("""v:"x" """.TrimEnd()));
        Assert.Equal("[2]", PathElement.Display("i:2"));
    }
}
