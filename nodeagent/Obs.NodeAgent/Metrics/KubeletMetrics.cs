using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Obs.NodeAgent.Metrics;

/// <summary>
/// What the agent's code paths record, under the kubelet's names, types, labels and buckets:
/// <c>kubelet_pod_start_duration_seconds</c> (a pod first seen → all its containers running),
/// <c>kubelet_runtime_operations_total</c>, <c>_duration_seconds</c> and <c>_errors_total</c> by
/// <c>operation_type</c> (the CRI's names for what the process runtime does), and
/// <c>prober_probe_total</c>; and, the agent's own, <c>obs_agent_pod_start_stage_seconds</c> by
/// <c>stage</c> (<see cref="PodStartStages"/>), to tell where a pod start's time goes. The running-pods gauges are read from the workers at scrape time
/// (<see cref="AgentInstruments"/>).
/// </summary>
/// <remarks>
/// The kubelet's <c>kubelet_pleg_relist_duration_seconds</c> has no counterpart: the agent does not
/// relist its containers on a period; each container's exit wakes its pod worker directly.
/// </remarks>
internal sealed class KubeletMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Histogram<double> _podStart;
    private readonly Histogram<double> _podStartStage;
    private readonly Counter<long> _operations;
    private readonly Histogram<double> _operationDuration;
    private readonly Counter<long> _operationErrors;

    public KubeletMetrics()
    {
        // One meter per agent, so that several agents in one process each export only their own.
        MeterName = $"Obs.NodeAgent.Kubelet.{Guid.NewGuid():N}";
        _meter = new Meter(MeterName);
        _podStart = _meter.CreateHistogram("kubelet_pod_start_duration_seconds", "s",
            "Duration in seconds from kubelet seeing a pod for the first time to the pod starting to run",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = KubeletBuckets.PodStartup });
        _podStartStage = _meter.CreateHistogram("obs_agent_pod_start_stage_seconds", "s",
            "Seconds from the agent first seeing a pod to each milestone of its first start, by stage",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = KubeletBuckets.RuntimeOperations });
        _operations = _meter.CreateCounter<long>("kubelet_runtime_operations_total", null,
            "Cumulative number of runtime operations by operation type.");
        _operationDuration = _meter.CreateHistogram("kubelet_runtime_operations_duration_seconds", "s",
            "Duration in seconds of runtime operations. Broken down by operation type.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = KubeletBuckets.RuntimeOperations });
        _operationErrors = _meter.CreateCounter<long>("kubelet_runtime_operations_errors_total", null,
            "Cumulative number of runtime operation errors by operation type.");
    }

    public string MeterName { get; }

    /// <summary><c>prober_probe_total</c>, a collector of its own since its series leave with their pod.</summary>
    public ProbeResultCounters Probes { get; } = new();

    public void PodStarted(TimeSpan sinceFirstSeen) => _podStart.Record(Math.Max(0, sinceFirstSeen.TotalSeconds));

    public void PodStartStage(string stage, TimeSpan sinceFirstSeen) =>
        _podStartStage.Record(Math.Max(0, sinceFirstSeen.TotalSeconds), new KeyValuePair<string, object?>("stage", stage));

    public void RuntimeOperation(string operationType, TimeSpan duration, bool failed)
    {
        var tag = new KeyValuePair<string, object?>("operation_type", operationType);
        _operations.Add(1, tag);
        _operationDuration.Record(duration.TotalSeconds, tag);
        if (failed) _operationErrors.Add(1, tag);
    }

    /// <summary>Times one runtime operation; it failed when it throws or <paramref name="failed"/> says so of its result.</summary>
    public async Task<T> TimeAsync<T>(string operationType, Func<Task<T>> operation, Func<T, bool>? failed = null)
    {
        var started = Stopwatch.GetTimestamp();
        T result;
        try
        {
            result = await operation();
        }
        catch
        {
            RuntimeOperation(operationType, Stopwatch.GetElapsedTime(started), failed: true);
            throw;
        }
        RuntimeOperation(operationType, Stopwatch.GetElapsedTime(started), failed?.Invoke(result) ?? false);
        return result;
    }

    public void Dispose() => _meter.Dispose();
}
