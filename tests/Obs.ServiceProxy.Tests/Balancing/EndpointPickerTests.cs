using System.Net;
using Obs.ServiceProxy.Balancing;

namespace Obs.ServiceProxy.Tests.Balancing;

public sealed class EndpointPickerTests
{
    private static readonly IPEndPoint A = IPEndPoint.Parse("127.0.0.1:8001");
    private static readonly IPEndPoint B = IPEndPoint.Parse("127.0.0.1:8002");
    private static readonly IPEndPoint C = IPEndPoint.Parse("127.0.0.1:8003");
    private static readonly IPAddress Client1 = IPAddress.Parse("127.0.0.11");
    private static readonly IPAddress Client2 = IPAddress.Parse("127.0.0.12");

    [Fact]
    public void NoEndpointsPicksNothing()
    {
        var picker = new EndpointPicker(new ManualTime());
        Assert.Null(picker.Pick(Client1));
    }

    [Fact]
    public void RoundRobinVisitsEveryEndpointInTurn()
    {
        var picker = new EndpointPicker(new ManualTime());
        picker.Update([A, B, C], null);
        var picks = Enumerable.Range(0, 6).Select(_ => picker.Pick(Client1)).ToList();
        Assert.Equal([A, B, C, A, B, C], picks);
    }

    [Fact]
    public void ExcludedEndpointIsSkippedUnlessItIsTheOnlyOne()
    {
        var picker = new EndpointPicker(new ManualTime());
        picker.Update([A, B], null);
        Assert.Equal(B, picker.Pick(null, exclude: A));
        Assert.Equal(B, picker.Pick(null, exclude: A));
        picker.Update([A], null);
        Assert.Equal(A, picker.Pick(null, exclude: A));
    }

    [Fact]
    public void ClientIpAffinitySticksUntilTheTimeoutPassesWithoutUse()
    {
        var time = new ManualTime();
        var picker = new EndpointPicker(time);
        picker.Update([A, B], TimeSpan.FromSeconds(10));

        Assert.Equal(A, picker.Pick(Client1));
        Assert.Equal(B, picker.Pick(Client2));
        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(9));
            Assert.Equal(A, picker.Pick(Client1));
        }

        // Quiet for longer than the timeout: each next pick is round robin again (turn 3 is A, turn 4 is B).
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(A, picker.Pick(Client1));
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(B, picker.Pick(Client1));
    }

    [Fact]
    public void AffinityMovesOnWhenTheEndpointLeaves()
    {
        var picker = new EndpointPicker(new ManualTime());
        picker.Update([A, B], TimeSpan.FromHours(3));
        Assert.Equal(A, picker.Pick(Client1));

        picker.Update([B, C], TimeSpan.FromHours(3));

        var moved = picker.Pick(Client1);
        Assert.NotEqual(A, moved);
        Assert.Equal(moved, picker.Pick(Client1));
    }
}
