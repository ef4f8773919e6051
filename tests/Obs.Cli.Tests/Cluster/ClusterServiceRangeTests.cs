using System.Net;
using Obs.Cli.Cluster;

namespace Obs.Cli.Tests.Cluster;

public sealed class ClusterServiceRangeTests : IDisposable
{
    private readonly ClusterHome _home = new(Path.Combine(Path.GetTempPath(), $"obs-range-{Guid.NewGuid():N}"));

    [Fact]
    public void ANewClusterTakesTheFirstRangeWhoseDnsNoClusterServes()
    {
        IPAddress[] served = [IPAddress.Parse("127.77.0.10"), IPAddress.Parse("127.78.0.10")];
        Assert.Equal("127.79.0.0/16", ClusterServiceRange.Choose(served.Contains));
        Assert.Equal("127.77.0.0/16", ClusterServiceRange.Choose(_ => false));
    }

    [Fact]
    public void WhenEveryCandidateIsServedTheDefaultIsTaken() => Assert.Equal("127.77.0.0/16", ClusterServiceRange.Choose(_ => true));

    [Fact]
    public void ClusterDnsIsTheRangesTenthAddress() => Assert.Equal(IPAddress.Parse("127.80.0.10"), ClusterServiceRange.Dns("127.80.0.0/16"));

    [Fact]
    public void AHomeKeepsItsRange()
    {
        var first = ClusterServiceRange.ForHome(_home);
        File.WriteAllText(Path.Combine(_home.Root, "service-cluster-ip-range"), "127.91.0.0/16\n");
        Assert.Equal("127.91.0.0/16", ClusterServiceRange.ForHome(_home));
        Assert.StartsWith("127.", first, StringComparison.Ordinal);
    }

    [Fact]
    public void AHomeThatRanBeforeRangesWereRecordedKeepsTheDefaultItHad()
    {
        Directory.CreateDirectory(_home.Root);
        File.WriteAllText(_home.Kubeconfig, "apiVersion: v1\nkind: Config\n");
        Assert.Equal("127.77.0.0/16", ClusterServiceRange.ForHome(_home));
        Assert.Equal("127.77.0.0/16", File.ReadAllText(Path.Combine(_home.Root, "service-cluster-ip-range")));
    }

    public void Dispose()
    {
        try { Directory.Delete(_home.Root, recursive: true); } catch (IOException) { }
    }
}
