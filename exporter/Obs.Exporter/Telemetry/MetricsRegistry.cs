using System.Buffers;
using Obs.Exporter.Exposition;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Obs.Exporter.Telemetry;

/// <summary>
/// A component's <c>/metrics</c>: the OpenTelemetry SDK aggregates the named <see cref="System.Diagnostics.Metrics.Meter"/>s
/// (cumulatively, as Prometheus expects), each scrape collects them and writes them in the negotiated
/// text format, followed by the families of the registered <see cref="IMetricsCollector"/>s.
/// </summary>
/// <remarks>
/// Scrapes run one at a time: the SDK's pull reader hands a concurrent caller the other caller's result
/// without exporting it again, so overlapping scrapes are queued here instead. Every family is written to
/// a scratch buffer first and copied out whole, so a collector that throws (or two metrics that clash)
/// cost only their own families, never the scrape; <see cref="Error"/> hears about it.
/// In ASP.NET Core: <c>ctx.Response.ContentType = registry.WriteTo(ctx.Response.BodyWriter, ctx.Request.Headers.Accept);</c>
/// then <c>await ctx.Response.BodyWriter.FlushAsync()</c>.
/// </remarks>
public sealed class MetricsRegistry : IDisposable
{
    private readonly Lock scrapeLock = new();
    private readonly ScrapeExporter exporter = new();
    private readonly BaseExportingMetricReader reader;
    private readonly MeterProvider provider;
    private readonly MetricTranslator translator = new();
    private readonly ArrayBufferWriter<byte> scratch = new(16 * 1024);
    private readonly MetricsWriter writer;
    private readonly Action<List<Metric>> writeMetrics;
    private IMetricsCollector[] collectors = [];
    private IBufferWriter<byte>? destination;
    private bool disposed;

    /// <param name="meterNames">Meters to listen to; a trailing <c>*</c> matches a prefix (<c>Microsoft.AspNetCore.*</c>).</param>
    public MetricsRegistry(params string[] meterNames)
    {
        writer = new MetricsWriter(scratch);
        writeMetrics = WriteMetrics;
        reader = new BaseExportingMetricReader(exporter)
        {
            TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
        };
        provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meterNames)
            .AddView(StreamFor)
            .AddReader(reader)
            .Build();
    }

    /// <summary>The .NET runtime's meter (<c>dotnet.gc.collections</c>, <c>dotnet.process.cpu.time</c>…).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>
    /// Series kept per instrument of the runtime's meter; further ones are summed into one series labelled
    /// <c>otel_metric_overflow="true"</c>. Its instruments have a handful each (a generation, a CPU mode), at most
    /// one per exception type. The SDK sets aside room for its limit (2,000 by default) for every instrument when
    /// it starts listening: with the default, the runtime's instruments took an idle node agent from 87 to 93 MB.
    /// The components' own meters keep the default (the service proxy has series per Service).
    /// </summary>
    public const int RuntimeCardinalityLimit = 100;

    /// <summary>
    /// Gauges named "….count" (the .NET runtime's <c>dotnet.assembly.count</c>, <c>dotnet.timer.count</c>,
    /// <c>dotnet.process.cpu.count</c>) would be exposed as <c>…_count</c>, a suffix Prometheus keeps for
    /// histograms and summaries: <c>promtool check metrics</c> rejects them, so they are not exported.
    /// The runtime's other instruments get <see cref="RuntimeCardinalityLimit"/>.
    /// </summary>
    private static MetricStreamConfiguration? StreamFor(System.Diagnostics.Metrics.Instrument instrument)
    {
        if (instrument.Name.EndsWith(".count", StringComparison.Ordinal) && !instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal))
            return MetricStreamConfiguration.Drop;
        return instrument.Meter.Name == RuntimeMeterName ? new MetricStreamConfiguration { CardinalityLimit = RuntimeCardinalityLimit } : null;
    }

    /// <summary>Told about each family dropped from a scrape: its source (metric or collector type name) and why.</summary>
    public Action<string, Exception>? Error { get; set; }

    public void Register(IMetricsCollector collector)
    {
        ArgumentNullException.ThrowIfNull(collector);
        lock (scrapeLock)
        {
            collectors = [.. collectors, collector];
        }
    }

    public bool Unregister(IMetricsCollector collector)
    {
        lock (scrapeLock)
        {
            var index = Array.IndexOf(collectors, collector);
            if (index < 0)
            {
                return false;
            }
            collectors = [.. collectors.AsSpan(0, index), .. collectors.AsSpan(index + 1)];
            return true;
        }
    }

    /// <summary>Writes one scrape in the format the Accept header asks for; returns the response's Content-Type.</summary>
    public string WriteTo(IBufferWriter<byte> output, string? acceptHeader)
    {
        var format = AcceptHeader.Negotiate(acceptHeader);
        WriteTo(output, format);
        return ContentTypes.For(format);
    }

    public void WriteTo(IBufferWriter<byte> output, ExpositionFormat format)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (scrapeLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            destination = output;
            writer.Reset(scratch, format);
            try
            {
                exporter.Scrape = writeMetrics;
                reader.Collect();
            }
            finally
            {
                exporter.Scrape = null;
            }

            foreach (var collector in collectors)
            {
                BeginFamily();
                try
                {
                    collector.Collect(writer);
                    if (writer.SampleOpen)
                    {
                        throw new InvalidOperationException("The collector left a sample without its value.");
                    }
                    CommitFamily();
                }
                catch (Exception e)
                {
                    DropFamily(collector.GetType().Name, e);
                }
            }

            writer.Output = output;
            writer.WriteEnd();
            destination = null;
        }
    }

    public void Dispose()
    {
        lock (scrapeLock)
        {
            if (disposed)
            {
                return;
            }
            disposed = true;
            provider.Dispose();
        }
    }

    // Runs inside the reader's Collect, on the scraping thread, under scrapeLock.
    private void WriteMetrics(List<Metric> metrics)
    {
        for (var i = 0; i < metrics.Count; i++)
        {
            var family = translator.FamilyOf(metrics[i]);
            if (ReferenceEquals(family, PrometheusFamily.Unsupported))
            {
                Error?.Invoke(metrics[i].Name, new NotSupportedException($"Metric type {metrics[i].MetricType} has no Prometheus text form here."));
                continue;
            }
            if (WrittenBefore(metrics, i, family.Name))
            {
                continue;
            }

            // Streams from different meters (or names differing only in punctuation) can share a
            // Prometheus name: they are one family, written together so its lines stay contiguous.
            var anyPoints = false;
            for (var j = i; j < metrics.Count && !anyPoints; j++)
            {
                anyPoints = SameFamily(metrics[j], family) && MetricTranslator.HasPoints(metrics[j]);
            }
            if (!anyPoints)
            {
                continue;
            }

            BeginFamily();
            try
            {
                MetricTranslator.WriteHeader(family, writer);
                for (var j = i; j < metrics.Count; j++)
                {
                    var other = translator.FamilyOf(metrics[j]);
                    if (other.Name != family.Name)
                    {
                        continue;
                    }
                    if (other.Type != family.Type)
                    {
                        Error?.Invoke(metrics[j].Name, new InvalidOperationException(
                            $"Dropped: its Prometheus name '{family.Name}' is already a {family.Type} from meter '{metrics[i].MeterName}'."));
                        continue;
                    }
                    translator.WritePoints(metrics[j], family, writer);
                }
                CommitFamily();
            }
            catch (Exception e)
            {
                DropFamily(metrics[i].Name, e);
            }
        }
    }

    private bool SameFamily(Metric metric, PrometheusFamily family)
    {
        var other = translator.FamilyOf(metric);
        return other.Name == family.Name && other.Type == family.Type;
    }

    private bool WrittenBefore(List<Metric> metrics, int index, string name)
    {
        for (var i = 0; i < index; i++)
        {
            if (translator.FamilyOf(metrics[i]).Name == name)
            {
                return true;
            }
        }
        return false;
    }

    private void BeginFamily()
    {
        scratch.ResetWrittenCount();
        writer.Output = scratch;
    }

    private void CommitFamily() => destination!.Write(scratch.WrittenSpan);

    private void DropFamily(string source, Exception error)
    {
        writer.AbandonFamily();
        Error?.Invoke(source, error);
    }
}
