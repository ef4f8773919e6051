using Obs.Cli.Commands;

namespace Obs.Cli.Tests.Commands;

/// <summary><c>obs apiserver --default-{not-ready,unreachable}-toleration-seconds</c>: whole seconds, 0 or more.</summary>
public sealed class TolerationSecondsOptionsTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("17", 17)]
    [InlineData("300", 300)]
    public void WholeSecondsAreAccepted(string text, long expected)
    {
        Assert.Null(TolerationSecondsOptions.Problem("--default-unreachable-toleration-seconds", text, out var seconds));
        Assert.Equal(expected, seconds);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("30s")]
    [InlineData("1.5")]
    [InlineData("")]
    public void AnythingElseIsNamed(string text) =>
        Assert.Equal($"--default-not-ready-toleration-seconds \"{text}\" must be a whole number of seconds, 0 or more",
            TolerationSecondsOptions.Problem("--default-not-ready-toleration-seconds", text, out _));
}
