using System.Net;
using Obs.Cli.Cluster;

namespace Obs.Cli.Tests.Cluster;

public sealed class ClusterServiceRangeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"obs-range-{Guid.NewGuid():N}");
    private readonly ClusterHome _home;
    private readonly ServiceRangeClaims _claims;

    public ClusterServiceRangeTests()
    {
        _home = Home("a");
        _claims = new ServiceRangeClaims(Path.Combine(_root, "claims"));
    }

    private ClusterHome Home(string name) => new(Path.Combine(_root, name));

    private static bool NothingServed(IPAddress _) => false;

    [Fact]
    public void ANewClusterTakesTheFirstRangeWhoseDnsNoClusterServes()
    {
        IPAddress[] served = [IPAddress.Parse("127.77.0.10"), IPAddress.Parse("127.78.0.10")];
        Assert.Equal("127.79.0.0/16", ClusterServiceRange.Choose(cidr => served.Contains(ClusterServiceRange.Dns(cidr))));
        Assert.Equal("127.77.0.0/16", ClusterServiceRange.Choose(_ => false));
    }

    [Fact]
    public void WhenEveryCandidateIsServedTheDefaultIsTaken() => Assert.Equal("127.77.0.0/16", ClusterServiceRange.Choose(_ => true));

    [Fact]
    public void ClusterDnsIsTheRangesTenthAddress() => Assert.Equal(IPAddress.Parse("127.80.0.10"), ClusterServiceRange.Dns("127.80.0.0/16"));

    [Fact]
    public void AHomeKeepsItsRange()
    {
        var first = ClusterServiceRange.ForHome(_home, _claims, NothingServed);
        File.WriteAllText(Path.Combine(_home.Root, "service-cluster-ip-range"), "127.91.0.0/16\n");
        Assert.Equal("127.91.0.0/16", ClusterServiceRange.ForHome(_home, _claims, NothingServed));
        Assert.StartsWith("127.", first, StringComparison.Ordinal);
    }

    [Fact]
    public void AHomeThatRanBeforeRangesWereRecordedKeepsTheDefaultItHad()
    {
        Directory.CreateDirectory(_home.Root);
        File.WriteAllText(_home.Kubeconfig, "apiVersion: v1\nkind: Config\n");
        Assert.Equal("127.77.0.0/16", ClusterServiceRange.ForHome(_home, _claims, NothingServed));
        Assert.Equal("127.77.0.0/16", File.ReadAllText(Path.Combine(_home.Root, "service-cluster-ip-range")));
    }

    [Fact]
    public void AStoppedClustersRangeIsNotTakenByANewOne()
    {
        // Nothing serves DNS anywhere (the first cluster is down), yet its range stays its own.
        Assert.Equal("127.77.0.0/16", ClusterServiceRange.ForHome(_home, _claims, NothingServed));
        Assert.Equal("127.78.0.0/16", ClusterServiceRange.ForHome(Home("b"), _claims, NothingServed));
        Assert.Equal("127.79.0.0/16", ClusterServiceRange.ForHome(Home("c"), _claims, NothingServed));
    }

    [Fact]
    public void TheRangeOfAHomeThatIsGoneIsFreeAgain()
    {
        Assert.Equal("127.77.0.0/16", ClusterServiceRange.ForHome(_home, _claims, NothingServed));
        Directory.Delete(_home.Root, recursive: true);
        Assert.Equal("127.77.0.0/16", ClusterServiceRange.ForHome(Home("b"), _claims, NothingServed));
        Assert.Equal(Home("b").Root, File.ReadAllText(Path.Combine(_claims.Directory, "127.77.0.0-16")).Trim());
    }

    [Fact]
    public void AHomeThatRecordedItsRangeBeforeClaimsExistedClaimsItOnItsNextStart()
    {
        Directory.CreateDirectory(_home.Root);
        File.WriteAllText(ClusterServiceRange.RecordIn(_home), "127.77.0.0/16\n");
        Assert.Equal("127.77.0.0/16", ClusterServiceRange.ForHome(_home, _claims, NothingServed));
        Assert.Equal("127.78.0.0/16", ClusterServiceRange.ForHome(Home("b"), _claims, NothingServed));
    }

    [Fact]
    public void ARegistryThatCannotBeWrittenLeavesTheChoiceToTheNetwork()
    {
        Directory.CreateDirectory(_root);
        var blocked = Path.Combine(_root, "a-file");
        File.WriteAllText(blocked, "");
        var claims = new ServiceRangeClaims(Path.Combine(blocked, "claims"));
        Assert.Equal("127.77.0.0/16", ClusterServiceRange.ForHome(_home, claims, NothingServed));
        Assert.Equal("127.78.0.0/16", ClusterServiceRange.ForHome(Home("b"), claims, ip => ip.Equals(IPAddress.Parse("127.77.0.10"))));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
