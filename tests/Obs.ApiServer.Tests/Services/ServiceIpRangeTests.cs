using System.Net;
using Obs.ApiServer.Services;

namespace Obs.ApiServer.Tests.Services;

public sealed class ServiceIpRangeTests
{
    [Fact]
    public void LeavesOutTheNetworkAndBroadcastAddresses()
    {
        var range = new ServiceIpRange("127.77.0.0/16");
        Assert.Equal(65534, range.Size);
        Assert.Equal(IPAddress.Parse("127.77.0.1"), range.First);
        Assert.False(range.Contains(IPAddress.Parse("127.77.0.0")));
        Assert.True(range.Contains(IPAddress.Parse("127.77.255.254")));
        Assert.False(range.Contains(IPAddress.Parse("127.77.255.255")));
        Assert.False(range.Contains(IPAddress.Parse("127.78.0.1")));
    }

    [Fact]
    public void DynamicOrderVisitsEveryAddressOnceWithTheStaticBandLast()
    {
        var range = new ServiceIpRange("10.0.0.0/24");
        Assert.Equal(16u, range.StaticBandSize);
        var order = range.DynamicOrder(new Random(7)).ToList();
        Assert.Equal(254, order.Count);
        Assert.Equal(254, order.Distinct().Count());
        Assert.All(order.Take(254 - 16), o => Assert.True(o >= 16));
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (uint)i), order.Skip(254 - 16));
    }

    [Theory]
    [InlineData("127.77.0.0")]
    [InlineData("127.77.0.0/31")]
    [InlineData("::1/120")]
    [InlineData("nonsense/16")]
    public void RejectsRangesItCannotServe(string cidr) => Assert.Throws<ArgumentException>(() => new ServiceIpRange(cidr));
}
