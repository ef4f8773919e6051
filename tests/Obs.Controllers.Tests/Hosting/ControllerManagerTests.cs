using Obs.Controllers.Hosting;

namespace Obs.Controllers.Tests.Hosting;

[Collection(ControllerCollection.Name)]
public sealed class ControllerManagerTests(ControllerCluster fixture)
{
    [Fact]
    public async Task ASecondManagerWaitsWhileTheFirstLeads()
    {
        Assert.True(fixture.Manager.IsLeading);
        using var client = fixture.NewClient();
        var second = new ControllerManager(client, new ControllerManagerOptions
        {
            LeaseDuration = TimeSpan.FromSeconds(4),
            RenewDeadline = TimeSpan.FromSeconds(3),
            RetryPeriod = TimeSpan.FromMilliseconds(300),
        });
        using var stop = new CancellationTokenSource();
        var running = second.RunAsync(stop.Token);
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(100);
            Assert.False(second.IsLeading);
        }
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(fixture.Manager.IsLeading);
    }
}
