using Obs.Api.Cron;

namespace Obs.Api.Tests.Cron;

public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 4, 10, 17, 30, TimeSpan.Zero); // a Wednesday

    private static string Next(string spec, DateTimeOffset after, string? zone = null) =>
        CronSchedule.Parse(spec, zone).Next(after)!.Value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm ddd", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("* * * * *", "2026-03-04 10:18 Wed")]
    [InlineData("*/15 * * * *", "2026-03-04 10:30 Wed")]
    [InlineData("5 * * * *", "2026-03-04 11:05 Wed")]
    [InlineData("0 9-17/4 * * *", "2026-03-04 13:00 Wed")]
    [InlineData("0 0 * * MON", "2026-03-09 00:00 Mon")]
    [InlineData("0 0 * * mon-fri", "2026-03-05 00:00 Thu")]
    [InlineData("30 6 1,15 * *", "2026-03-15 06:30 Sun")]
    [InlineData("0 0 1 JAN *", "2027-01-01 00:00 Fri")]
    [InlineData("0 0 29 2 *", "2028-02-29 00:00 Tue")]
    [InlineData("0 0 * * 7", "2026-03-08 00:00 Sun")]
    [InlineData("@hourly", "2026-03-04 11:00 Wed")]
    [InlineData("@daily", "2026-03-05 00:00 Thu")]
    [InlineData("@weekly", "2026-03-08 00:00 Sun")]
    [InlineData("@monthly", "2026-04-01 00:00 Wed")]
    [InlineData("@yearly", "2027-01-01 00:00 Fri")]
    [InlineData("10/20 * * * ?", "2026-03-04 10:30 Wed")]
    public void NextActivation(string spec, string expected) => Assert.Equal(expected, Next(spec, Start));

    [Fact]
    public void DayOfMonthAndDayOfWeekBothRestrictedMeansEither()
    {
        // The 13th, or any Friday: the Friday 6 March comes first.
        Assert.Equal("2026-03-06 00:00 Fri", Next("0 0 13 * FRI", Start));
    }

    [Fact]
    public void TimeZonesShiftTheWallClock()
    {
        // 09:00 in New York (EST, UTC-5 until 8 March 2026) is 14:00 UTC.
        Assert.Equal("2026-03-04 14:00 Wed", Next("0 9 * * *", Start, "America/New_York"));
        Assert.Equal("2026-03-04 14:00 Wed", Next("CRON_TZ=America/New_York 0 9 * * *", Start));
        // After the change to EDT (UTC-4) on 8 March: 13:00 UTC.
        Assert.Equal("2026-03-09 13:00 Mon", Next("0 9 * * *", new DateTimeOffset(2026, 3, 8, 20, 0, 0, TimeSpan.Zero), "America/New_York"));
    }

    [Theory]
    [InlineData("* * * *")]
    [InlineData("60 * * * *")]
    [InlineData("* 24 * * *")]
    [InlineData("* * 0 * *")]
    [InlineData("* * * 13 *")]
    [InlineData("5-1 * * * *")]
    [InlineData("*/0 * * * *")]
    [InlineData("@fortnightly")]
    [InlineData("* * * FOO *")]
    public void BadSpecsAreRejected(string spec) => Assert.Throws<FormatException>(() => CronSchedule.Parse(spec));

    [Theory]
    [InlineData("@every 5m", "2026-03-04 10:22:30")]
    [InlineData("@every 1h30m", "2026-03-04 11:47:30")]
    [InlineData("@every 1.5h", "2026-03-04 11:47:30")]
    [InlineData("@every 90s", "2026-03-04 10:19:00")]
    [InlineData("@every 1500ms", "2026-03-04 10:17:31")] // cut down to whole seconds
    [InlineData("@every 10ms", "2026-03-04 10:17:31")] // one second at least
    public void EveryRunsAFixedDelayAfterTheLastStart(string spec, string expected) =>
        Assert.Equal(expected, CronSchedule.Parse(spec).Next(Start.AddMilliseconds(250))!.Value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("@every")]
    [InlineData("@every 5")]
    [InlineData("@every 5x")]
    public void AnEveryWithoutADurationIsRejected(string spec) => Assert.Throws<FormatException>(() => CronSchedule.Parse(spec));

    [Fact]
    public void AnUnknownTimeZoneIsRejected() => Assert.Throws<FormatException>(() => CronSchedule.Parse("* * * * *", "Mars/Olympus_Mons"));
}
