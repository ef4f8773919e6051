using System.Diagnostics;
using System.Diagnostics.Metrics;
using Obs.Api.Resources;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Metrics;

/// <summary>
/// The apiserver's own instruments, named as Kubernetes' apiserver names them so existing
/// dashboards and alerts work: requests by verb, group, resource and code, their durations,
/// open watches, storage latency and how far the change feed trails the database.
/// </summary>
public sealed class ApiMetrics : IDisposable
{
    /// <summary>
    /// Each apiserver's meter has a name of its own, so that several apiservers in one process
    /// (the tests run many) each export only their own requests.
    /// </summary>
    public string MeterName { get; } = $"Obs.ApiServer.{Guid.NewGuid():N}";

    // Kubernetes' apiserver_request_duration_seconds buckets.
    private static readonly double[] RequestBuckets = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];
    private static readonly double[] StorageBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _watchers;
    private readonly Histogram<double> _storage;
    private readonly Histogram<double> _feedLag;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _logReads;
    private readonly InFlightCounts _inflight = new();
    private readonly UpDownCounter<long> _longRunning;

    public ApiMetrics()
    {
        _meter = new Meter(MeterName);
        _requests = _meter.CreateCounter<long>("apiserver_request_total", description: "Counter of apiserver requests broken out for each verb, group, resource and HTTP response code.");
        _duration = _meter.CreateHistogram("apiserver_request_duration_seconds", "s", "Response latency distribution in seconds for each verb, group and resource.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestBuckets });
        _watchers = _meter.CreateUpDownCounter<long>("apiserver_registered_watchers", description: "Number of currently registered watchers for a given resource.");
        _storage = _meter.CreateHistogram("apiserver_storage_operation_duration_seconds", "s", "Latency of PostgreSQL operations in seconds, by operation and resource.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StorageBuckets });
        _feedLag = _meter.CreateHistogram("obs_change_feed_lag_seconds", "s", "Seconds from a change being written to PostgreSQL to its being applied to this apiserver's watch cache.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        _skipped = _meter.CreateCounter<long>("obs_change_feed_skipped_revisions_total", description: "Revisions the change feed passed because no committed transaction wrote them.");
        _logReads = _meter.CreateCounter<long>("obs_change_feed_log_reads_total",
            description: "Reads of the change log by this apiserver's change feed, by what they found: changes, nothing new (empty), or only revisions beyond a gap.");
        // An observed gauge, so both kinds are on every scrape, at 0 too, as kube-apiserver shows them.
        _meter.CreateObservableGauge("apiserver_current_inflight_requests", _inflight.Observe,
            description: "Requests this apiserver is serving now, by kind (readOnly or mutating); long-running requests are counted apart.");
        _longRunning = _meter.CreateUpDownCounter<long>("apiserver_longrunning_requests",
            description: "Long-running requests (watches, logs, exec, port-forward) open now, by verb, group, version, resource, subresource and scope.");
    }

    public void FeedLag(double seconds) => _feedLag.Record(Math.Max(0, seconds));

    public void RevisionsSkipped(long count) => _skipped.Add(count);

    /// <summary>A read of the change log found <paramref name="result"/>: "changes", "empty" or "gap".</summary>
    public void FeedLogRead(string result) => _logReads.Add(1, new KeyValuePair<string, object?>("result", result));

    private static readonly double[] LagBuckets = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    public Meter Meter => _meter;

    public void RequestCompleted(string verb, string group, string resource, int code, double seconds)
    {
        var tags = new TagList { { "verb", verb }, { "group", group }, { "resource", resource }, { "code", code.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        _requests.Add(1, tags);
        // Watches last as long as the client wants: their duration says nothing about latency.
        if (verb != "WATCH") _duration.Record(seconds, new TagList { { "verb", verb }, { "group", group }, { "resource", resource } });
    }

    /// <summary>
    /// Counts a request from its start until the result is disposed: watches and streaming
    /// subresources in <c>apiserver_longrunning_requests</c>, every other request in
    /// <c>apiserver_current_inflight_requests</c> by its kind.
    /// </summary>
    public InFlightRequest Begin(RequestInfo? info, string method)
    {
        if (!LongRunningRequest.Is(info)) return _inflight.Begin(RequestLabels.RequestKind(info, method) == RequestLabels.ReadOnly);
        var tags = new TagList
        {
            { "component", "apiserver" }, { "group", info!.Served.Group }, { "resource", info.Served.Plural }, { "scope", RequestLabels.Scope(info) },
            { "subresource", info.Subresource ?? "" }, { "verb", RequestLabels.Verb(info, method) }, { "version", info.Served.Version },
        };
        _longRunning.Add(1, tags);
        return new InFlightRequest(() => _longRunning.Add(-1, tags));
    }

    public void WatcherOpened(ResourceType type) => _watchers.Add(1, new TagList { { "group", type.Group }, { "kind", type.Kind } });
    public void WatcherClosed(ResourceType type) => _watchers.Add(-1, new TagList { { "group", type.Group }, { "kind", type.Kind } });

    public void StorageOperation(string operation, string resource, double seconds) =>
        _storage.Record(seconds, new TagList { { "operation", operation }, { "resource", resource } });

    public void Dispose() => _meter.Dispose();
}
