using Obs.Cli.Commands;

namespace Obs.Cli.Tests.Commands;

public sealed class ServiceRangesTests
{
    [Fact]
    public void LoopbackRangesAndAPortRangeAreAccepted() => Assert.Null(ServiceRanges.Problem("127.80.0.0/16", "30000-32767"));

    [Theory]
    [InlineData("10.96.0.0/12", "30000-32767", "--service-cluster-ip-range 10.96.0.0/12: must lie in 127.0.0.0/8, where every node agent listens on every Service address (default 127.77.0.0/16)")]
    [InlineData("127.80.0.0", "30000-32767", "invalid service CIDR 127.80.0.0: want an IPv4 prefix between /8 and /30")]
    [InlineData("127.80.0.0/16", "32767-30000", "invalid node port range 32767-30000: want LOW-HIGH within 1-65535")]
    public void EachBadRangeIsNamed(string clusterIpRange, string nodePortRange, string problem) =>
        Assert.Equal(problem, ServiceRanges.Problem(clusterIpRange, nodePortRange));
}
