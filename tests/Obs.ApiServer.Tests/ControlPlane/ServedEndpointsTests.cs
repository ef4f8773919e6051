using System.Net;
using Obs.ApiServer.ControlPlane;

namespace Obs.ApiServer.Tests.ControlPlane;

public sealed class ServedEndpointsTests
{
    private static ApiServerEndpoint At(string text) => ApiServerEndpoint.Parse(text)!;

    [Fact]
    public void ListsEveryLiveReplicaOnceInAddressOrder()
    {
        var served = ServedEndpoints.Choose([At("10.0.0.10:6443"), At("10.0.0.9:6443"), At("10.0.0.10:6443")])!;
        Assert.Equal(6443, served.Port);
        Assert.Equal([IPAddress.Parse("10.0.0.9"), IPAddress.Parse("10.0.0.10")], served.Addresses);
    }

    [Fact]
    public void ReplicasOnDifferentPortsAgreeOnThePortMostServeOnThenTheLowest()
    {
        var majority = ServedEndpoints.Choose([At("10.0.0.1:7443"), At("10.0.0.2:6443"), At("10.0.0.3:6443")])!;
        Assert.Equal(6443, majority.Port);
        Assert.Equal([IPAddress.Parse("10.0.0.2"), IPAddress.Parse("10.0.0.3")], majority.Addresses);
        Assert.Equal(6443, ServedEndpoints.Choose([At("10.0.0.1:7443"), At("10.0.0.2:6443")])!.Port);
        Assert.Equal(6443, ServedEndpoints.Choose([At("10.0.0.2:6443"), At("10.0.0.1:7443")])!.Port);
    }

    [Fact]
    public void NoReplicaNoEndpoints() => Assert.Null(ServedEndpoints.Choose([]));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]:6443")]
    [InlineData("nonsense")]
    [InlineData(null)]
    public void AnEndpointThatIsNotIpv4WithAPortIsIgnored(string? text) => Assert.Null(ApiServerEndpoint.Parse(text));
}
