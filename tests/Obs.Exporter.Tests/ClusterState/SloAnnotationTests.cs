using System.Text;
using Obs.Exporter.ClusterState;

namespace Obs.Exporter.Tests.ClusterState;

public sealed class SloAnnotationTests
{
    [Theory]
    [InlineData("99.9", 0.999)]
    [InlineData("99", 0.99)]
    [InlineData(" 99.95% ", 0.9995)]
    [InlineData("100", 1.0)]
    public void AvailabilityIsAPercentOfGoodRequests(string text, double ratio)
    {
        Assert.True(SloAnnotation.TryParseAvailability(Encoding.UTF8.GetBytes(text), out var parsed));
        Assert.Equal(ratio, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("most of the time")]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-5")]
    public void AvailabilityOutsideZeroToHundredDeclaresNothing(string text) =>
        Assert.False(SloAnnotation.TryParseAvailability(Encoding.UTF8.GetBytes(text), out _));

    [Theory]
    [InlineData("250ms@99", 0.25, 0.99)]
    [InlineData("1s@99.9", 1.0, 0.999)]
    [InlineData("1m30s@95", 90.0, 0.95)]
    [InlineData("1.5s @ 90", 1.5, 0.9)]
    [InlineData("500us@99", 0.0005, 0.99)]
    public void LatencyIsAThresholdAndAPercent(string text, double seconds, double ratio)
    {
        Assert.True(SloAnnotation.TryParseLatency(Encoding.UTF8.GetBytes(text), out var threshold, out var parsed));
        Assert.Equal(seconds, threshold);
        Assert.Equal(ratio, parsed);
    }

    [Theory]
    [InlineData("250ms")]
    [InlineData("@99")]
    [InlineData("250@99")]
    [InlineData("250 parsecs@99")]
    [InlineData("0s@99")]
    [InlineData("250ms@")]
    public void MalformedLatencyDeclaresNothing(string text) =>
        Assert.False(SloAnnotation.TryParseLatency(Encoding.UTF8.GetBytes(text), out _, out _));
}
