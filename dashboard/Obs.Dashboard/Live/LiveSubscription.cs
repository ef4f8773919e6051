using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Obs.Dashboard.Live;

/// <summary>
/// One open /live stream: the topics it asked for, what it wants of their changes (<see cref="LiveFilter"/>; null:
/// all of them), and a small queue of topic names to send. The queue keeps only the latest few: a slow browser
/// loses repeats, never the dashboard's memory.
/// </summary>
public sealed class LiveSubscription(IReadOnlySet<string> topics, LiveFilter? filter = null) : IDisposable
{
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(16)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    public Action? Unsubscribe { get; set; }

    public bool Hears(string topic) => topics.Contains(topic);

    /// <summary>Whether the change of <paramref name="obj"/> is one this stream wants told (it asked for the topic).</summary>
    public bool Wants(string topic, JsonObject obj) => Hears(topic) && (filter?.Matches(topic, obj) ?? true);

    public void Notify(string topic) => _queue.Writer.TryWrite(topic);

    public ChannelReader<string> Reader => _queue.Reader;

    public void Dispose() => Unsubscribe?.Invoke();
}
