using System.Text.Json.Nodes;
using Obs.Api.Quantities;

namespace Obs.Api.Tests.Quantities;

public class IntOrStringTests
{
    [Theory]
    [InlineData("25%", 10, true, 3)]
    [InlineData("25%", 10, false, 2)]
    [InlineData("100%", 3, false, 3)]
    [InlineData("0%", 7, true, 0)]
    public void PercentagesScaleWithRounding(string text, long total, bool roundUp, long expected)
    {
        Assert.True(IntOrString.FromString(text).TryGetScaledValue(total, roundUp, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void IntegersAreTakenAsIs()
    {
        Assert.True(IntOrString.FromInt(2).TryGetScaledValue(10, false, out var value, out _));
        Assert.Equal(2, value);
    }

    [Fact]
    public void NonPercentStringsFailWithKubernetesMessage()
    {
        Assert.False(IntOrString.FromString("5").TryGetScaledValue(10, true, out _, out var error));
        Assert.Equal("invalid value for IntOrString: invalid type: string is not a percentage", error);
        Assert.False(IntOrString.FromString("x%").TryGetScaledValue(10, true, out _, out error));
        Assert.Equal("invalid value for IntOrString: invalid value \"x%\": strconv.Atoi: parsing \"x\": invalid syntax", error);
    }

    [Fact]
    public void ReadsAndWritesJson()
    {
        Assert.Equal(IntOrString.FromInt(8080), IntOrString.FromJson(JsonValue.Create(8080)));
        Assert.Equal(IntOrString.FromString("http"), IntOrString.FromJson(JsonValue.Create("http")));
        Assert.Null(IntOrString.FromJson(JsonValue.Create(true)));
        Assert.Equal("\"25%\"", IntOrString.FromString("25%").ToJson().ToJsonString());
    }
}
