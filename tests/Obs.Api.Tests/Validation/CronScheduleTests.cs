using Obs.Api.Validation;

namespace Obs.Api.Tests.Validation;

public class CronScheduleTests
{
    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("0 0 1 jan-mar MON-FRI")]
    [InlineData("0,30 9-17 ? * 1-5")]
    [InlineData("@hourly")]
    [InlineData("@every 1h30m")]
    public void AcceptsStandardSchedules(string schedule) => Assert.Null(CronSchedule.Validate(schedule));

    [Theory]
    [InlineData("* * * *", "expected exactly 5 fields, found 4: [* * * *]")]
    [InlineData("x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("* 25 * * *", "end of range (25) above maximum (23): 25")]
    [InlineData("* * 0 * *", "beginning of range (0) below minimum (1): 0")]
    [InlineData("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1")]
    [InlineData("*/0 * * * *", "step of range should be a positive number: */0")]
    [InlineData("1-2-3 * * * *", "too many hyphens: 1-2-3")]
    [InlineData("@sometimes", "unrecognized descriptor: @sometimes")]
    public void ReportsParserErrors(string schedule, string error) => Assert.Equal(error, CronSchedule.Validate(schedule));
}
