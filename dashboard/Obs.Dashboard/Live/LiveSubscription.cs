using System.Threading.Channels;

namespace Obs.Dashboard.Live;

/// <summary>
/// One open /live stream: the topics it asked for and a small queue of topic names to send. The
/// queue keeps only the latest few: a slow browser loses repeats, never the dashboard's memory.
/// </summary>
public sealed class LiveSubscription(IReadOnlySet<string> topics) : IDisposable
{
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(16)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    public Action? Unsubscribe { get; set; }

    public bool Wants(string topic) => topics.Contains(topic);

    public void Notify(string topic) => _queue.Writer.TryWrite(topic);

    public ChannelReader<string> Reader => _queue.Reader;

    public void Dispose() => Unsubscribe?.Invoke();
}
