using Obs.Api.Printing;

namespace Obs.Api.Tests.Printing;

public sealed class HumanDurationTests
{
    [Theory]
    [InlineData(-3, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(5, "5s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(200, "3m20s")]
    [InlineData(599, "9m59s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 - 1, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(5 * 3600 + 30 * 60, "5h30m")]
    [InlineData(8 * 3600 + 59 * 60, "8h")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(48 * 3600, "2d")]
    [InlineData(51 * 3600, "2d3h")]
    [InlineData(8 * 86400, "8d")]
    [InlineData(729 * 86400, "729d")]
    [InlineData(730 * 86400, "2y")]
    [InlineData(775 * 86400, "2y45d")]
    [InlineData(8 * 365 * 86400, "8y")]
    public void FormatKeepsAboutTwoSignificantUnits(long seconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void FormatTruncatesFractionsOfASecond()
    {
        Assert.Equal("4s", HumanDuration.Format(TimeSpan.FromMilliseconds(4999)));
        Assert.Equal("0s", HumanDuration.Format(TimeSpan.FromMilliseconds(-1999)));
    }

    [Theory]
    [InlineData(-2, "<invalid>")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m")]
    [InlineData(3599, "59m")]
    [InlineData(3600 * 23, "23h")]
    [InlineData(86400 * 364, "364d")]
    [InlineData(86400 * 365 * 3, "3y")]
    public void ShortKeepsOneUnit(long seconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.Short(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void SinceReadsRfc3339AndReportsUnknownWhenMissing()
    {
        var now = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal("3m20s", HumanDuration.Since("2024-05-01T11:56:40Z", now));
        Assert.Equal("5s", HumanDuration.Since("2024-05-01T11:59:55.000000Z", now));
        Assert.Equal("<unknown>", HumanDuration.Since(null, now));
        Assert.Equal("<unknown>", HumanDuration.Since("yesterday-ish", now));
    }
}
