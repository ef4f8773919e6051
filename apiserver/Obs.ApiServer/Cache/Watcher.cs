using System.Threading.Channels;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Cache;

/// <summary>
/// One open watch: a bounded queue of the events that pass its filter. A watcher that falls
/// too far behind is closed (its client re-lists), so one slow client never holds the cache back.
/// </summary>
public sealed class Watcher : IDisposable
{
    private readonly Channel<WatchEvent> _events;
    private readonly Action<Watcher> _onDispose;

    internal Watcher(string resource, WatchFilter filter, int capacity, Action<Watcher> onDispose)
    {
        Resource = resource;
        Filter = filter;
        _onDispose = onDispose;
        _events = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Resource { get; }
    public WatchFilter Filter { get; }

    /// <summary>True when the watcher was closed because its client did not keep up.</summary>
    public bool Overflowed { get; private set; }

    public ChannelReader<WatchEvent> Events => _events.Reader;

    /// <summary>Queues a cache event if it concerns this watcher, as ADDED/MODIFIED/DELETED from its point of view.</summary>
    internal void Offer(CacheEvent change)
    {
        var nowMatches = change.Type != ChangeType.Deleted && Filter.Matches(change.Object);
        var matched = change.Type switch
        {
            ChangeType.Added => false,
            ChangeType.Deleted => Filter.Matches(change.Object),
            _ => change.Previous is not null && Filter.Matches(change.Previous),
        };
        WatchEventType? type = (matched, nowMatches) switch
        {
            (false, true) => WatchEventType.Added,
            (true, true) => WatchEventType.Modified,
            (true, false) => WatchEventType.Deleted,
            _ => null,
        };
        if (type is { } t) Enqueue(new WatchEvent(t, change.Object));
    }

    internal void Enqueue(WatchEvent e)
    {
        if (!_events.Writer.TryWrite(e))
        {
            Overflowed = true;
            _events.Writer.TryComplete();
        }
    }

    /// <summary>Ends the watch from the cache's side (a reload): the client's stream ends and it watches again.</summary>
    internal void Close() => _events.Writer.TryComplete();

    public void Dispose()
    {
        _events.Writer.TryComplete();
        _onDispose(this);
    }
}
