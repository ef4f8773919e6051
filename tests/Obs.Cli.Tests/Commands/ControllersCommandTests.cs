namespace Obs.Cli.Tests.Commands;

/// <summary><c>obs controllers</c> refuses an unusable <c>--node-monitor-grace-period</c> before it contacts any cluster.</summary>
public sealed class ControllersCommandTests
{
    [Fact]
    public async Task ABadGracePeriodStopsItAtStart()
    {
        var result = await ObsCli.RunAsync(["controllers", "--kubeconfig", "none.kubeconfig", "--node-monitor-grace-period", "40"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["obs controllers: --node-monitor-grace-period \"40\" must be a duration such as 40s or 2m"], result.ErrorLines());
    }
}
