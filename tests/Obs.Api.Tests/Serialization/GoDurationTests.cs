using Obs.Api.Serialization;

namespace Obs.Api.Tests.Serialization;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("40s", 40_000_000)]
    [InlineData("1h2m3s", 3_723_000_000)]
    [InlineData("1.5m", 90_000_000)]
    [InlineData("250us", 250)]
    [InlineData("250µs", 250)]
    [InlineData("1s500ms", 1_500_000)]
    public void UnitsAddUp(string text, long microseconds) => Assert.Equal(TimeSpan.FromMicroseconds(microseconds), GoDuration.Parse(text));

    [Theory]
    [InlineData("", "empty duration")]
    [InlineData("40", "duration '40' is not like 5s or 500ms")]
    [InlineData("s", "duration 's' is not like 5s or 500ms")]
    [InlineData("2d", "duration '2d' has an unknown unit")]
    public void BadTextIsRefused(string text, string message) => Assert.Equal(message, Assert.Throws<FormatException>(() => GoDuration.Parse(text)).Message);
}
