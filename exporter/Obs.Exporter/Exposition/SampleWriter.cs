namespace Obs.Exporter.Exposition;

/// <summary>
/// One sample being written: labels go straight into the output as they are added, then
/// <see cref="Value(double)"/> ends the line. A ref struct so it cannot outlive the scrape that began it.
/// </summary>
/// <example><code>w.BeginSample("node_cpu_seconds_total").Label("cpu", cpuSpan).Label("mode", "idle").Value(seconds);</code></example>
public ref struct SampleWriter
{
    private readonly MetricsWriter writer;
    private bool hasLabels;

    internal SampleWriter(MetricsWriter writer)
    {
        this.writer = writer;
    }

    public SampleWriter Label(string name, ReadOnlySpan<char> value)
    {
        writer.WriteLabelName(name, !hasLabels);
        writer.WriteLabelValue(value);
        hasLabels = true;
        return this;
    }

    /// <summary>A label whose value is UTF-8 bytes, e.g. a device name sliced out of a /proc file.</summary>
    public SampleWriter Label(string name, ReadOnlySpan<byte> utf8Value)
    {
        writer.WriteLabelName(name, !hasLabels);
        writer.WriteLabelValue(utf8Value);
        hasLabels = true;
        return this;
    }

    /// <summary>A numeric label such as <c>le</c>, formatted as Prometheus formats it (<c>0.005</c>, <c>+Inf</c>; <c>1.0</c> in OpenMetrics).</summary>
    public SampleWriter Label(string name, double value)
    {
        writer.WriteLabelName(name, !hasLabels);
        writer.WriteLabelValue(value);
        hasLabels = true;
        return this;
    }

    public SampleWriter Label(string name, long value)
    {
        writer.WriteLabelName(name, !hasLabels);
        writer.WriteLabelValue(value);
        hasLabels = true;
        return this;
    }

    public readonly void Value(double value) => writer.EndSample(hasLabels, value);

    public readonly void Value(long value) => writer.EndSample(hasLabels, value);
}
