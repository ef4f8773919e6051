namespace Obs.Controllers.Autoscaling;

/// <summary>
/// What one HPA's controller remembers between syncs, in memory as kube-controller-manager does:
/// the recommendations of the longest stabilisation window and the scale events of the longest
/// policy period. A new leader starts empty, as a restarted kube-controller-manager does.
/// </summary>
internal sealed class AutoscalerHistory
{
    private readonly Lock _lock = new();
    private readonly List<Recommendation> _recommendations = [];
    private readonly List<ScaleEvent> _up = [];
    private readonly List<ScaleEvent> _down = [];

    public (IReadOnlyList<Recommendation> Recommendations, IReadOnlyList<ScaleEvent> Up, IReadOnlyList<ScaleEvent> Down) Read()
    {
        lock (_lock) return ([.. _recommendations], [.. _up], [.. _down]);
    }

    public void Recommend(Recommendation recommendation, TimeSpan keep)
    {
        lock (_lock)
        {
            _recommendations.RemoveAll(r => r.At <= recommendation.At - keep);
            _recommendations.Add(recommendation);
        }
    }

    public void Scaled(DateTimeOffset at, int from, int to, TimeSpan keep)
    {
        lock (_lock)
        {
            var events = to > from ? _up : _down;
            events.RemoveAll(e => e.At <= at - keep);
            events.Add(new ScaleEvent(at, Math.Abs(to - from)));
        }
    }
}
