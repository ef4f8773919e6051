using Obs.ApiServer.Alerting;

namespace Obs.ApiServer.Tests.Alerting;

public sealed class SilenceMatcherTests
{
    [Fact]
    public void TheFourOperatorsAndQuotedValuesAreRead()
    {
        var matchers = SilenceMatcher.ParseList("alertname=KubePodCrashLooping, namespace=~\"team-(a|b),x\",pod!=web-1,severity!~info|none");
        Assert.Equal(
            [
                new SilenceMatcher("alertname", "KubePodCrashLooping", false, true),
                new SilenceMatcher("namespace", "team-(a|b),x", true, true),
                new SilenceMatcher("pod", "web-1", false, false),
                new SilenceMatcher("severity", "info|none", true, false),
            ],
            matchers);
        Assert.Equal("namespace=~\"team-(a|b),x\"", matchers[1].ToString());
    }

    [Fact]
    public void BracesAroundTheListAreAllowed() =>
        Assert.Equal([new SilenceMatcher("alertname", "X", false, true)], SilenceMatcher.ParseList("{alertname=\"X\"}"));

    [Theory]
    [InlineData("", "a silence needs at least one matcher, such as alertname=KubePodCrashLooping")]
    [InlineData("alertname", "matcher for \"alertname\" needs one of = != =~ !~")]
    [InlineData("=x", "\"=x\" does not start with a label name")]
    [InlineData("namespace=~\"(\"", "matcher for \"namespace\" has an invalid regular expression")]
    [InlineData("a=\"b", "matcher for \"a\" has an unterminated quoted value")]
    public void MistakesAreExplained(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => SilenceMatcher.ParseList(text));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }
}
