namespace Obs.Client.Events;

/// <summary>
/// client-go's EventSourceObjectSpamFilter: each component may write 25 events about one object at
/// once, then one per five minutes; the rest are dropped. It bounds what one busy object costs the
/// apiserver.
/// </summary>
internal sealed class ObjectSpamFilter
{
    public const int Burst = 25;
    public static readonly TimeSpan Refill = TimeSpan.FromMinutes(5);

    private double _tokens = Burst;
    private DateTimeOffset? _last;

    public bool TryTake(DateTimeOffset now)
    {
        if (_last is { } last && now > last) _tokens = Math.Min(Burst, _tokens + (now - last) / Refill);
        _last = now;
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }
}
