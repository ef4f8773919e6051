namespace Obs.ApiServer.Storage;

/// <summary>
/// Revisions the change feed passed over as never written, kept for a while and looked at again:
/// one passed over because its writer still ran after the give-up time may yet be committed, and
/// its change must then still reach the cache (late) rather than be lost until a restart.
/// </summary>
public sealed class PassedRevisions(TimeSpan recheckEvery, TimeSpan keepFor)
{
    private readonly List<(long From, long To, DateTimeOffset PassedAt)> _ranges = [];
    private DateTimeOffset _lastCheck = DateTimeOffset.MinValue;

    public int Count => _ranges.Count;

    public void Add(long from, long to, DateTimeOffset now)
    {
        _ranges.Add((from, to, now));
        // A long outage could pass over many small gaps: keep the newest, as the oldest are the least likely to come.
        if (_ranges.Count > 1000) _ranges.RemoveAt(0);
    }

    /// <summary>The ranges to look at again now (none if the last look was recent); forgets those kept long enough.</summary>
    public IReadOnlyList<(long From, long To)> Due(DateTimeOffset now)
    {
        if (_ranges.Count == 0 || now - _lastCheck < recheckEvery) return [];
        _lastCheck = now;
        _ranges.RemoveAll(r => now - r.PassedAt > keepFor);
        return _ranges.Select(r => (r.From, r.To)).ToList();
    }

    /// <summary>A revision that arrived after all: no need to look for it again.</summary>
    public void Found(long revision)
    {
        for (var i = _ranges.Count - 1; i >= 0; i--)
        {
            var (from, to, at) = _ranges[i];
            if (revision < from || revision > to) continue;
            _ranges.RemoveAt(i);
            if (from < revision) _ranges.Add((from, revision - 1, at));
            if (revision < to) _ranges.Add((revision + 1, to, at));
        }
    }
}
