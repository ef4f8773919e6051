using Obs.Cli.Commands;

namespace Obs.Cli.Tests.Commands;

/// <summary><c>obs controllers --node-monitor-grace-period</c> takes Go durations, as kube-controller-manager does.</summary>
public sealed class NodeMonitorGracePeriodTests
{
    [Theory]
    [InlineData("40s", 40)]
    [InlineData("2m", 120)]
    [InlineData("1m30s", 90)]
    [InlineData("1.5h", 5400)]
    public void GoDurationsAreAccepted(string text, int seconds)
    {
        Assert.Null(NodeMonitorGracePeriod.Problem(text, out var period));
        Assert.Equal(TimeSpan.FromSeconds(seconds), period);
    }

    [Theory]
    [InlineData("40", "--node-monitor-grace-period \"40\" must be a duration such as 40s or 2m")]
    [InlineData("40 s", "--node-monitor-grace-period \"40 s\" must be a duration such as 40s or 2m")]
    [InlineData("soon", "--node-monitor-grace-period \"soon\" must be a duration such as 40s or 2m")]
    [InlineData("2d", "--node-monitor-grace-period \"2d\" must be a duration such as 40s or 2m")]
    [InlineData("0s", "--node-monitor-grace-period \"0s\" must be longer than 0s")]
    public void EachBadValueIsNamed(string text, string problem) => Assert.Equal(problem, NodeMonitorGracePeriod.Problem(text, out _));
}
