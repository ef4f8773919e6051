using System.Diagnostics;

namespace Obs.Cli.Tests.Commands;

/// <summary><c>obs controllers</c> refuses an unusable <c>--node-monitor-grace-period</c> before it contacts any cluster.</summary>
public sealed class ControllersCommandTests
{
    [Fact]
    public async Task ABadGracePeriodStopsItAtStart()
    {
        var obs = typeof(Obs.Cli.Cluster.LocalCluster).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [obs, "controllers", "--kubeconfig", "none.kubeconfig", "--node-monitor-grace-period", "40"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Equal("obs controllers: --node-monitor-grace-period \"40\" must be a duration such as 40s or 2m", (await stderr).Trim());
    }
}
