using System.Runtime.InteropServices;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// The kernel's clock discipline from adjtimex(2), as node_exporter's <c>node_timex_*</c>: the node-mixin's
/// clock alerts read <c>node_timex_offset_seconds</c>, <c>node_timex_sync_status</c> and <c>node_timex_maxerror_seconds</c>.
/// </summary>
public sealed class TimexCollector : IMetricsCollector
{
    private const int TimeError = 5;
    private const int StatusNano = 0x2000;
    private const double Microseconds = 1e6;
    private const double Nanoseconds = 1e9;
    // Frequencies are parts per million with a 16-bit binary fraction.
    private const double ScaledPpm = 1e6 * 65536;

    public void Collect(MetricsWriter writer)
    {
        var timex = default(LibC.Timex);
        var state = LibC.Adjtimex(ref timex);
        if (state < 0)
        {
            throw new InvalidOperationException($"adjtimex failed with errno {Marshal.GetLastPInvokeError()}.");
        }
        Write(state, timex, writer);
    }

    internal static void Write(int state, in LibC.Timex timex, MetricsWriter writer)
    {
        var divisor = (timex.Status & StatusNano) != 0 ? Nanoseconds : Microseconds;
        Gauge(writer, "node_timex_offset_seconds", "Time offset in between local system and reference clock.", timex.Offset / divisor);
        Gauge(writer, "node_timex_frequency_adjustment_ratio", "Local clock frequency adjustment.", 1 + timex.Frequency / ScaledPpm);
        Gauge(writer, "node_timex_maxerror_seconds", "Maximum error in seconds.", timex.MaxError / Microseconds);
        Gauge(writer, "node_timex_estimated_error_seconds", "Estimated error in seconds.", timex.EstimatedError / Microseconds);
        Gauge(writer, "node_timex_status", "Value of the status array bits.", timex.Status);
        Gauge(writer, "node_timex_loop_time_constant", "Phase-locked loop time constant.", timex.Constant);
        Gauge(writer, "node_timex_tick_seconds", "Seconds between clock ticks.", timex.Tick / Microseconds);
        Gauge(writer, "node_timex_tai_offset_seconds", "International Atomic Time (TAI) offset.", timex.Tai);
        Gauge(writer, "node_timex_sync_status", "Is clock synchronized to a reliable server (1 = yes, 0 = no).", state == TimeError ? 0 : 1);
    }

    private static void Gauge(MetricsWriter writer, string name, string help, double value)
    {
        writer.WriteHeader(name, MetricFamilyType.Gauge, help);
        writer.WriteSample(name, value);
    }
}
