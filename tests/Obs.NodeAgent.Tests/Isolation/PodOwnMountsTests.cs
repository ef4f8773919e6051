using Obs.NodeAgent.Isolation;

namespace Obs.NodeAgent.Tests.Isolation;

public sealed class PodOwnMountsTests
{
    private const string Agent = """
        22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
        23 22 0:21 / /proc rw shared:2 - proc proc rw
        24 22 0:30 / /tmp rw shared:3 - tmpfs tmpfs rw
        """;

    // The pod's copy keeps the machine's mounts; its own /proc, its /tmp over the machine's tmpfs and a volume are its own.
    private const string Pod = """
        301 300 8:1 / / rw,relatime - ext4 /dev/sda1 rw
        302 301 0:21 / /proc rw - proc proc rw
        303 301 0:30 / /tmp rw - tmpfs tmpfs rw
        304 302 0:55 / /proc rw - proc proc rw
        305 303 8:1 /var/lib/obs/pods/u1/tmp /tmp rw - ext4 /dev/sda1 rw
        306 301 8:1 /var/lib/obs/pods/u1/volumes/scratch /my\040data rw - ext4 /dev/sda1 rw
        """;

    [Fact]
    public void MountsOnlyThePodHasAreItsOwnWithEscapesUndone() =>
        Assert.Equal(["/my data", "/proc", "/tmp"], PodOwnMounts.Difference(Pod.Split('\n'), Agent.Split('\n')).Order(StringComparer.Ordinal));
}
