using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class OsCollectorTests
{
    [Fact]
    public void FixtureGivesInfoVersionAndSupportEndUnderTheRootPath()
    {
        Assert.Equal(""""
        # HELP node_os_info A metric with a constant '1' value labeled by build_id, id, id_like, image_id, image_version, name, pretty_name, variant, variant_id, version, version_codename, version_id.
        # TYPE node_os_info gauge
        node_os_info{build_id="a \"quoted\" build",id="ubuntu",id_like="debian",image_id="",image_version="",name="Ubuntu",pretty_name="Ubuntu 22.04.4 LTS",variant="Server \\ Edition",variant_id="",version="22.04.4 LTS (Jammy Jellyfish)",version_codename="jammy",version_id="22.04"} 1
        # HELP node_os_version Metric containing the major.minor part of the OS version.
        # TYPE node_os_version gauge
        node_os_version{id="ubuntu",id_like="debian",name="Ubuntu"} 22.04
        # HELP node_os_support_end_timestamp_seconds Metric containing the end-of-life date timestamp of the OS.
        # TYPE node_os_support_end_timestamp_seconds gauge
        node_os_support_end_timestamp_seconds 1811808000

        """", NodeFixtures.Collect(new OsCollector(NodeFixtures.Paths)));
    }

    [Fact]
    public void UsrLibIsTheFallbackAndAVersionlessOsHasNoVersionSample()
    {
        using var root = new TemporaryDirectory();
        root.Write("usr/lib/os-release", "NAME=\"Arch Linux\"\nID=arch\nBUILD_ID=rolling\n");
        var text = NodeFixtures.Collect(new OsCollector(new NodePaths(Root: root.Path)));
        Assert.Contains("build_id=\"rolling\",id=\"arch\",id_like=\"\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("node_os_version", text, StringComparison.Ordinal);
        Assert.DoesNotContain("node_os_support_end", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ANodeWithoutOsReleaseReportsNothing()
    {
        using var root = new TemporaryDirectory();
        Assert.Equal("", NodeFixtures.Collect(new OsCollector(new NodePaths(Root: root.Path))));
    }

    [Fact]
    public void AnUpgradedFileIsReadAgain()
    {
        using var root = new TemporaryDirectory();
        var file = root.Write("etc/os-release", "ID=debian\nVERSION_ID=\"11\"\n");
        var collector = new OsCollector(new NodePaths(Root: root.Path), recheck: TimeSpan.Zero);
        Assert.Contains("node_os_version{id=\"debian\",id_like=\"\",name=\"\"} 11\n", NodeFixtures.Collect(collector), StringComparison.Ordinal);

        File.WriteAllText(file, "ID=debian\nVERSION_ID=\"12\"\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
        Assert.Contains("node_os_version{id=\"debian\",id_like=\"\",name=\"\"} 12\n", NodeFixtures.Collect(collector), StringComparison.Ordinal);
    }

    [Fact]
    public void WithinTheRecheckIntervalTheFileIsTrusted()
    {
        using var root = new TemporaryDirectory();
        var file = root.Write("etc/os-release", "ID=debian\nVERSION_ID=\"11\"\n");
        var collector = new OsCollector(new NodePaths(Root: root.Path), recheck: TimeSpan.FromHours(1));
        NodeFixtures.Collect(collector);
        File.Delete(file);
        Assert.Contains("node_os_version{id=\"debian\",id_like=\"\",name=\"\"} 11\n", NodeFixtures.Collect(collector), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12", 12)]
    [InlineData("22.04", 22.04)]
    [InlineData("9.3.1", 9.3)]
    [InlineData("40.", 40)]
    [InlineData("rolling", 0)]
    [InlineData("", 0)]
    public void MajorMinorIsTheLeadingNumber(string versionId, double expected) =>
        Assert.Equal(expected, new OsRelease { VersionId = versionId }.MajorMinor);
}
