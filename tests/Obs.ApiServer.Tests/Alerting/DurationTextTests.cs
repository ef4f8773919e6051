using Obs.ApiServer.Alerting;

namespace Obs.ApiServer.Tests.Alerting;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("2h", 7200)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("1d", 86400)]
    [InlineData("1w", 604800)]
    [InlineData("1500ms", 1.5)]
    public void PrometheusDurationsAreRead(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out var d));
        Assert.Equal(seconds, d.TotalSeconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2 hours")]
    [InlineData("-1h")]
    [InlineData("1m2h")]
    public void OtherTextIsNot(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData(5400, "1h30m")]
    [InlineData(1, "1s")]
    [InlineData(90000, "1d1h")]
    [InlineData(0, "0s")]
    public void DurationsAreWrittenShortest(double seconds, string text) => Assert.Equal(text, DurationText.Format(TimeSpan.FromSeconds(seconds)));
}
