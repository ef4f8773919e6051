namespace Obs.Alerts.Tests.Rules;

public sealed class PrometheusDurationTests
{
    [Theory]
    [InlineData("0s", 0)]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1h30m", 5400)]
    [InlineData("3d", 259200)]
    public void ParsesPrometheusDurations(string text, long seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), PrometheusDuration.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("15 m")]
    [InlineData("1.5h")]
    public void RefusesWhatIsNotADuration(string text) =>
        Assert.Throws<FormatException>(() => PrometheusDuration.Parse(text));
}
