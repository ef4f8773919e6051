using System.Buffers;
using System.Diagnostics;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// The node collectors as one <see cref="IMetricsCollector"/>: each scrape runs every collector at the same
/// time (the calling thread plus thread-pool workers take them in turn), each into its own buffer, then
/// copies the successful ones out and adds node_exporter's <c>node_scrape_collector_duration_seconds</c> and
/// <c>node_scrape_collector_success</c>. A collector that throws loses only its own families.
/// </summary>
/// <remarks>
/// Buffers, writers and the work item are kept between scrapes, so a scrape allocates nothing of its own.
/// Scrapes must not overlap; <see cref="MetricsRegistry"/> already runs them one at a time.
/// </remarks>
/// <example><code>registry.Register(NodeCollectorSet.Create(new NodeCollectorOptions { Paths = new NodePaths("/host/proc", "/host/sys", "/host") }));</code></example>
public sealed class NodeCollectorSet : IMetricsCollector
{
    private const string DurationName = "node_scrape_collector_duration_seconds";
    private const string SuccessName = "node_scrape_collector_success";

    private readonly Slot[] slots;
    // Not a CountdownEvent: its wait spins first, and on a busy node spinning only burns the CPU a helper needs.
    private readonly ManualResetEventSlim finished = new(false, spinCount: 1);
    private int remaining;
    private readonly Helper helper;
    private readonly int helpers;
    private int next;

    public NodeCollectorSet(IEnumerable<KeyValuePair<string, IMetricsCollector>> collectors)
    {
        slots = collectors.Select(pair => new Slot(pair.Key, pair.Value)).ToArray();
        helper = new Helper(this);
        helpers = Math.Min(slots.Length, Environment.ProcessorCount) - 1;
    }

    /// <summary>The enabled collectors of <paramref name="options"/>, built for its paths and flags.</summary>
    public static NodeCollectorSet Create(NodeCollectorOptions options) =>
        new(NodeCollectorCatalog.Names
            .Where(options.Enabled.Contains)
            .Select(name => KeyValuePair.Create(name, NodeCollectorCatalog.Create(name, options))));

    public IReadOnlyList<string> Names => Array.ConvertAll(slots, slot => slot.Name);

    /// <summary>Told about each collector that failed a scrape: its name and why.</summary>
    public Action<string, Exception>? Error { get; set; }

    public void Collect(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var slot in slots)
        {
            slot.Prepare(writer.Format);
        }
        finished.Reset();
        Volatile.Write(ref remaining, slots.Length);
        Volatile.Write(ref next, -1);
        for (var i = 0; i < helpers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(helper, preferLocal: false);
        }
        RunSlots();
        if (slots.Length > 0)
        {
            finished.Wait();
        }

        var output = writer.Output;
        foreach (var slot in slots)
        {
            if (slot.Succeeded)
            {
                output.Write(slot.Buffer.WrittenSpan);
            }
            else if (slot.Failure is not null)
            {
                Error?.Invoke(slot.Name, slot.Failure);
            }
        }

        writer.WriteHeader(DurationName, MetricFamilyType.Gauge, "node_exporter: Duration of a collector scrape.");
        foreach (var slot in slots)
        {
            writer.BeginSample(DurationName).Label("collector", slot.Name).Value(slot.Seconds);
        }
        writer.WriteHeader(SuccessName, MetricFamilyType.Gauge, "node_exporter: Whether a collector succeeded.");
        foreach (var slot in slots)
        {
            writer.BeginSample(SuccessName).Label("collector", slot.Name).Value(slot.Succeeded ? 1L : 0L);
        }
    }

    // Runs on the scraping thread and on each helper: whoever is free takes the next collector.
    private void RunSlots()
    {
        int index;
        while ((index = Interlocked.Increment(ref next)) < slots.Length)
        {
            slots[index].Run();
            if (Interlocked.Decrement(ref remaining) == 0)
            {
                finished.Set();
            }
        }
    }

    private sealed class Helper(NodeCollectorSet set) : IThreadPoolWorkItem
    {
        public void Execute() => set.RunSlots();
    }

    private sealed class Slot
    {
        private readonly IMetricsCollector collector;
        private readonly MetricsWriter writer;

        public Slot(string name, IMetricsCollector collector)
        {
            Name = name;
            this.collector = collector;
            writer = new MetricsWriter(Buffer);
        }

        public string Name { get; }

        public ArrayBufferWriter<byte> Buffer { get; } = new(4096);

        public double Seconds { get; private set; }

        public bool Succeeded { get; private set; }

        public Exception? Failure { get; private set; }

        public void Prepare(ExpositionFormat format)
        {
            Buffer.ResetWrittenCount();
            writer.Reset(Buffer, format);
            Succeeded = false;
            Failure = null;
        }

        public void Run()
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                collector.Collect(writer);
                if (writer.SampleOpen)
                {
                    throw new InvalidOperationException("The collector left a sample without its value.");
                }
                Succeeded = true;
            }
            catch (Exception e)
            {
                Failure = e;
            }
            Seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
    }
}
