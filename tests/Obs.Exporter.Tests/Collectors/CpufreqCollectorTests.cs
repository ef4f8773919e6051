using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class CpufreqCollectorTests
{
    [Fact]
    public void FixtureGivesHertzForTheFilesEachCpuHas()
    {
        Assert.Equal(""""
        # HELP node_cpu_frequency_hertz Current CPU thread frequency in hertz.
        # TYPE node_cpu_frequency_hertz gauge
        node_cpu_frequency_hertz{cpu="0"} 1.2e+09
        # HELP node_cpu_frequency_max_hertz Maximum CPU thread frequency in hertz.
        # TYPE node_cpu_frequency_max_hertz gauge
        node_cpu_frequency_max_hertz{cpu="0"} 2.1e+09
        node_cpu_frequency_max_hertz{cpu="1"} 2.1e+09
        # HELP node_cpu_frequency_min_hertz Minimum CPU thread frequency in hertz.
        # TYPE node_cpu_frequency_min_hertz gauge
        node_cpu_frequency_min_hertz{cpu="0"} 8e+08
        node_cpu_frequency_min_hertz{cpu="1"} 8e+08
        # HELP node_cpu_scaling_frequency_hertz Current scaled CPU thread frequency in hertz.
        # TYPE node_cpu_scaling_frequency_hertz gauge
        node_cpu_scaling_frequency_hertz{cpu="0"} 1.8e+09
        node_cpu_scaling_frequency_hertz{cpu="1"} 1.8e+09
        # HELP node_cpu_scaling_frequency_max_hertz Maximum scaled CPU thread frequency in hertz.
        # TYPE node_cpu_scaling_frequency_max_hertz gauge
        node_cpu_scaling_frequency_max_hertz{cpu="0"} 2.1e+09
        node_cpu_scaling_frequency_max_hertz{cpu="1"} 2.1e+09
        # HELP node_cpu_scaling_frequency_min_hertz Minimum scaled CPU thread frequency in hertz.
        # TYPE node_cpu_scaling_frequency_min_hertz gauge
        node_cpu_scaling_frequency_min_hertz{cpu="0"} 8e+08
        node_cpu_scaling_frequency_min_hertz{cpu="1"} 8e+08

        """", NodeFixtures.Collect(new CpufreqCollector(NodeFixtures.Paths)));
    }
}
