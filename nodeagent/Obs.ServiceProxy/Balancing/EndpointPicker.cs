using System.Collections.Concurrent;
using System.Net;

namespace Obs.ServiceProxy.Balancing;

/// <summary>
/// Chooses a ready endpoint of one service port for each connection or request: round robin, or with
/// <c>sessionAffinity: ClientIP</c> the endpoint the client address last reached, as long as it stays
/// ready and was used within the affinity timeout (the timeout counts from the last use, as kube-proxy's
/// <c>recent</c> match does).
/// </summary>
internal sealed class EndpointPicker(TimeProvider time)
{
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<IPAddress, Stickiness> _affinity = new();
    private volatile State _state = new([], null);
    private int _next = -1;
    private int _picks;

    public IReadOnlyList<IPEndPoint> Endpoints => _state.Endpoints;

    public TimeSpan? AffinityTimeout => _state.AffinityTimeout;

    /// <summary>Takes the endpoints and affinity of a new snapshot; clients stuck to a gone endpoint move on at their next pick.</summary>
    public void Update(IPEndPoint[] endpoints, TimeSpan? affinityTimeout)
    {
        _state = new State(endpoints, affinityTimeout);
        if (affinityTimeout is null) _affinity.Clear();
    }

    /// <param name="client">The client's address, for affinity; null picks round robin.</param>
    /// <param name="exclude">An endpoint that just failed: picked only when it is the only one.</param>
    /// <returns>Null when the port has no ready endpoint.</returns>
    public IPEndPoint? Pick(IPAddress? client, IPEndPoint? exclude = null)
    {
        var state = _state;
        var endpoints = state.Endpoints;
        if (endpoints.Length == 0) return null;
        if (state.AffinityTimeout is not { } timeout || client is null) return RoundRobin(endpoints, exclude);

        var now = time.GetTimestamp();
        if (Interlocked.Increment(ref _picks) % SweepEvery == 0) Sweep(now, timeout);
        if (_affinity.TryGetValue(client, out var stuck)
            && time.GetElapsedTime(stuck.LastUsed, now) <= timeout
            && !stuck.EndPoint.Equals(exclude)
            && Array.IndexOf(endpoints, stuck.EndPoint) >= 0)
        {
            _affinity[client] = stuck with { LastUsed = now };
            return stuck.EndPoint;
        }
        var picked = RoundRobin(endpoints, exclude);
        _affinity[client] = new Stickiness(picked, now);
        return picked;
    }

    private IPEndPoint RoundRobin(IPEndPoint[] endpoints, IPEndPoint? exclude)
    {
        var index = (int)((uint)Interlocked.Increment(ref _next) % (uint)endpoints.Length);
        if (endpoints.Length > 1 && endpoints[index].Equals(exclude)) index = (index + 1) % endpoints.Length;
        return endpoints[index];
    }

    private void Sweep(long now, TimeSpan timeout)
    {
        foreach (var (client, stuck) in _affinity)
        {
            if (time.GetElapsedTime(stuck.LastUsed, now) > timeout) _affinity.TryRemove(KeyValuePair.Create(client, stuck));
        }
    }

    private sealed record State(IPEndPoint[] Endpoints, TimeSpan? AffinityTimeout);

    private readonly record struct Stickiness(IPEndPoint EndPoint, long LastUsed);
}
