using System.Diagnostics.Metrics;

namespace Obs.ApiServer.Metrics;

/// <summary>The requests being served now by kind, read at scrape time as <c>apiserver_current_inflight_requests</c>.</summary>
internal sealed class InFlightCounts
{
    private readonly Action _endReadOnly;
    private readonly Action _endMutating;
    private long _readOnly;
    private long _mutating;

    public InFlightCounts()
    {
        // Made once: every request ends through one of these, without an allocation of its own.
        _endReadOnly = () => Interlocked.Decrement(ref _readOnly);
        _endMutating = () => Interlocked.Decrement(ref _mutating);
    }

    public InFlightRequest Begin(bool readOnly)
    {
        Interlocked.Increment(ref readOnly ? ref _readOnly : ref _mutating);
        return new InFlightRequest(readOnly ? _endReadOnly : _endMutating);
    }

    public IEnumerable<Measurement<long>> Observe() =>
    [
        new(Interlocked.Read(ref _readOnly), new KeyValuePair<string, object?>("request_kind", RequestLabels.ReadOnly)),
        new(Interlocked.Read(ref _mutating), new KeyValuePair<string, object?>("request_kind", RequestLabels.Mutating)),
    ];
}
