using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;
using Obs.NodeAgent.Probes;

namespace Obs.NodeAgent.Metrics;

/// <summary>
/// The kubelet's <c>prober_probe_total</c>: every probe run counted by probe type (Liveness,
/// Readiness, Startup), result and container. Written directly rather than through an instrument
/// because a pod's series must go when the pod goes, as the kubelet deletes them, and cumulative
/// OpenTelemetry counters never forget a series.
/// </summary>
/// <remarks>
/// The kubelet's third result, <c>unknown</c>, is for a probe that produced neither success nor
/// failure; the agent's probes always produce one of the two (a handler that cannot run fails), so
/// no <c>unknown</c> series appears.
/// </remarks>
internal sealed class ProbeResultCounters : IMetricsCollector
{
    public const string Name = "prober_probe_total";
    private const string Help = "Cumulative number of a liveness, readiness or startup probe for a container by result.";

    private readonly Lock _lock = new();
    private readonly Dictionary<ProbeSeries, long> _counts = [];
    // Reused from scrape to scrape; scrapes run one at a time.
    private ProbeSeries[] _sorted = [];
    private long[] _values = [];

    public void Record(ProbeKind kind, ProbeResult result, string container, string pod, string @namespace, string podUid)
    {
        var series = new ProbeSeries(container, @namespace, pod, podUid, kind.ToString(), result == ProbeResult.Success ? "successful" : "failed");
        lock (_lock)
        {
            _counts[series] = _counts.GetValueOrDefault(series) + 1;
        }
    }

    /// <summary>Drops every series of the pod: it has left the node.</summary>
    public void ForgetPod(string podUid)
    {
        lock (_lock)
        {
            foreach (var series in _counts.Keys.Where(s => s.PodUid == podUid).ToList()) _counts.Remove(series);
        }
    }

    public void Collect(MetricsWriter writer)
    {
        int count;
        lock (_lock)
        {
            count = _counts.Count;
            if (_sorted.Length < count)
            {
                _sorted = new ProbeSeries[count * 2];
                _values = new long[count * 2];
            }
            var i = 0;
            foreach (var (series, value) in _counts)
            {
                _sorted[i] = series;
                _values[i++] = value;
            }
        }
        if (count == 0) return;
        Array.Sort(_sorted, _values, 0, count);
        writer.WriteHeader(Name, MetricFamilyType.Counter, Help);
        for (var j = 0; j < count; j++)
        {
            var s = _sorted[j];
            writer.BeginSample(Name)
                .Label("container", s.Container)
                .Label("namespace", s.Namespace)
                .Label("pod", s.Pod)
                .Label("pod_uid", s.PodUid)
                .Label("probe_type", s.ProbeType)
                .Label("result", s.Result)
                .Value(_values[j]);
        }
    }
}
