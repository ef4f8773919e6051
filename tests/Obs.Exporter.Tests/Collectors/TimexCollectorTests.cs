using Obs.Exporter.Collectors;
using Obs.Exporter.Tests.Exposition;

namespace Obs.Exporter.Tests.Collectors;

public sealed class TimexCollectorTests
{
    [Fact]
    public void SynchronisedClockInNanosecondModeGivesSecondsAndRatio()
    {
        var timex = new LibC.Timex
        {
            Offset = -1_500_000, // ns, as STA_NANO says
            Frequency = 65536 * 12, // +12 ppm
            MaxError = 250_000,
            EstimatedError = 1_000,
            Status = 0x2001, // STA_NANO | STA_PLL
            Constant = 7,
            Tick = 10_000,
            Tai = 37,
        };
        Assert.Equal(""""
        # HELP node_timex_offset_seconds Time offset in between local system and reference clock.
        # TYPE node_timex_offset_seconds gauge
        node_timex_offset_seconds -0.0015
        # HELP node_timex_frequency_adjustment_ratio Local clock frequency adjustment.
        # TYPE node_timex_frequency_adjustment_ratio gauge
        node_timex_frequency_adjustment_ratio 1.000012
        # HELP node_timex_maxerror_seconds Maximum error in seconds.
        # TYPE node_timex_maxerror_seconds gauge
        node_timex_maxerror_seconds 0.25
        # HELP node_timex_estimated_error_seconds Estimated error in seconds.
        # TYPE node_timex_estimated_error_seconds gauge
        node_timex_estimated_error_seconds 0.001
        # HELP node_timex_status Value of the status array bits.
        # TYPE node_timex_status gauge
        node_timex_status 8193
        # HELP node_timex_loop_time_constant Phase-locked loop time constant.
        # TYPE node_timex_loop_time_constant gauge
        node_timex_loop_time_constant 7
        # HELP node_timex_tick_seconds Seconds between clock ticks.
        # TYPE node_timex_tick_seconds gauge
        node_timex_tick_seconds 0.01
        # HELP node_timex_tai_offset_seconds International Atomic Time (TAI) offset.
        # TYPE node_timex_tai_offset_seconds gauge
        node_timex_tai_offset_seconds 37
        # HELP node_timex_sync_status Is clock synchronized to a reliable server (1 = yes, 0 = no).
        # TYPE node_timex_sync_status gauge
        node_timex_sync_status 1

        """", Rendered.Text(writer => TimexCollector.Write(0, timex, writer)));
    }

    [Fact]
    public void TimeErrorStateMeansNotSynchronised()
    {
        var text = Rendered.Text(writer => TimexCollector.Write(5, new LibC.Timex { Status = 0x40, Offset = 2500 }, writer));
        Assert.Contains("node_timex_sync_status 0\n", text, StringComparison.Ordinal);
        Assert.Contains("node_timex_offset_seconds 0.0025\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ThisNodesKernelAnswers() =>
        Assert.Contains("node_timex_tick_seconds 0.0", NodeFixtures.Collect(new TimexCollector()), StringComparison.Ordinal);
}
