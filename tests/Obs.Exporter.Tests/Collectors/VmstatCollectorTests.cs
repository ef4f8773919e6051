using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class VmstatCollectorTests
{
    [Fact]
    public void DefaultFieldsAreOomKillPagingSwappingAndFaultsUntyped()
    {
        Assert.Equal(""""
        # HELP node_vmstat_pgpgin /proc/vmstat information field pgpgin.
        # TYPE node_vmstat_pgpgin untyped
        node_vmstat_pgpgin 7.344136e+06
        # HELP node_vmstat_pgpgout /proc/vmstat information field pgpgout.
        # TYPE node_vmstat_pgpgout untyped
        node_vmstat_pgpgout 1.54118e+06
        # HELP node_vmstat_pswpin /proc/vmstat information field pswpin.
        # TYPE node_vmstat_pswpin untyped
        node_vmstat_pswpin 0
        # HELP node_vmstat_pswpout /proc/vmstat information field pswpout.
        # TYPE node_vmstat_pswpout untyped
        node_vmstat_pswpout 0
        # HELP node_vmstat_pgfault /proc/vmstat information field pgfault.
        # TYPE node_vmstat_pgfault untyped
        node_vmstat_pgfault 1.60442426e+08
        # HELP node_vmstat_pgmajfault /proc/vmstat information field pgmajfault.
        # TYPE node_vmstat_pgmajfault untyped
        node_vmstat_pgmajfault 9428
        # HELP node_vmstat_oom_kill /proc/vmstat information field oom_kill.
        # TYPE node_vmstat_oom_kill untyped
        node_vmstat_oom_kill 1

        """", NodeFixtures.Collect(new VmstatCollector(NodeFixtures.Paths)));
    }

    [Fact]
    public void FieldsPatternChoosesTheFields()
    {
        Assert.Equal(""""
        # HELP node_vmstat_nr_free_pages /proc/vmstat information field nr_free_pages.
        # TYPE node_vmstat_nr_free_pages untyped
        node_vmstat_nr_free_pages 110081
        # HELP node_vmstat_pgmajfault /proc/vmstat information field pgmajfault.
        # TYPE node_vmstat_pgmajfault untyped
        node_vmstat_pgmajfault 9428

        """", NodeFixtures.Collect(new VmstatCollector(NodeFixtures.Paths, "^(nr_free_pages|pgmajfault)$")));
    }
}
