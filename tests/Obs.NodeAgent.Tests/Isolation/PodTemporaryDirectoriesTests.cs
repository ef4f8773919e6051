using Obs.NodeAgent.Isolation;

namespace Obs.NodeAgent.Tests.Isolation;

public sealed class PodTemporaryDirectoriesTests
{
    private const string Pod = "/srv/obs/pods/u1";

    private static bool Everything(string path) => true;

    [Fact]
    public void EachCoveredDirectoryGetsADirectoryOfThePods()
    {
        var plan = PodTemporaryDirectories.Plan(Pod, ["/srv/obs"], Everything);

        Assert.Equal(
            [new PodTemporaryDirectory("/tmp", "/srv/obs/pods/u1/tmp", [], null), new PodTemporaryDirectory("/var/tmp", "/srv/obs/pods/u1/var-tmp", [], null)],
            plan, PlanComparer.Instance);
    }

    [Fact]
    public void AStateDirectoryUnderTmpStaysVisibleAtItsPathThroughTheCover()
    {
        var plan = PodTemporaryDirectories.Plan("/tmp/obs-agent/pods/u1", ["/tmp/obs-agent", "/tmp/obs-agent/pods/u1/volumes/data", "/data"], Everything);

        // The volume inside the state directory is seen through the state directory's bind.
        Assert.Equal([new SeeThrough("/tmp/obs-agent", "/tmp/obs-agent/pods/u1/tmp/obs-agent")], plan[0].SeeThroughs);
        Assert.Empty(plan[1].SeeThroughs);
    }

    [Fact]
    public void AHostPathOfTheCoveredDirectoryItselfKeepsTheMachines()
    {
        var plan = PodTemporaryDirectories.Plan(Pod, ["/srv/obs", "/var/tmp/", "/"], Everything);

        // "/" holds both, yet is bound without the mounts below it, so only an exact hostPath keeps the machine's directory.
        Assert.Null(plan.Single(d => d.Covered == "/tmp").SharedReason);
        Assert.Equal("/var/tmp is bound into the pod from the machine", plan.Single(d => d.Covered == "/var/tmp").SharedReason);
    }

    [Fact]
    public void MissingDirectoriesAndPathsAreLeftAlone()
    {
        var plan = PodTemporaryDirectories.Plan(Pod, ["/tmp/gone", "/tmp/here"], path => path is "/tmp" or "/tmp/here");

        var tmp = Assert.Single(plan);
        Assert.Equal([new SeeThrough("/tmp/here", "/srv/obs/pods/u1/tmp/here")], tmp.SeeThroughs);
    }

    [Theory]
    [InlineData("/tmp", "/tmp", true)]
    [InlineData("/tmp/x", "/tmp", true)]
    [InlineData("/tmpfoo", "/tmp", false)]
    [InlineData("/var/tmp", "/tmp", false)]
    public void WithinIsByPathComponents(string path, string directory, bool within) =>
        Assert.Equal(within, PodTemporaryDirectories.Within(path, directory));

    /// <summary>Records compare their lists by reference: this compares them by content.</summary>
    private sealed class PlanComparer : IEqualityComparer<PodTemporaryDirectory>
    {
        public static readonly PlanComparer Instance = new();

        public bool Equals(PodTemporaryDirectory? x, PodTemporaryDirectory? y) =>
            x is not null && y is not null && x.Covered == y.Covered && x.HostDirectory == y.HostDirectory
            && x.SeeThroughs.SequenceEqual(y.SeeThroughs) && x.SharedReason == y.SharedReason;

        public int GetHashCode(PodTemporaryDirectory obj) => obj.Covered.GetHashCode(StringComparison.Ordinal);
    }
}
