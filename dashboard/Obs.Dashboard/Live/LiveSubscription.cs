using System.Threading.Channels;

namespace Obs.Dashboard.Live;

/// <summary>
/// One open /live stream: the topics it asked for and a small queue of topic names to send. The
/// queue keeps only the latest few: a slow browser loses repeats, never the dashboard's memory.
/// A stream narrowed to some subjects (<see cref="LiveSubject"/>) hears a change that names subjects
/// only when one of them is its own; a change that names none reaches it as it reaches every stream.
/// </summary>
public sealed class LiveSubscription(IReadOnlySet<string> topics, IReadOnlySet<string>? about = null) : IDisposable
{
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(16)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    public Action? Unsubscribe { get; set; }

    /// <param name="subjects">What the changes being announced were about; null when one of them named nothing in particular.</param>
    public bool Wants(string topic, IReadOnlySet<string>? subjects) =>
        topics.Contains(topic) && (about is null || subjects is null || subjects.Overlaps(about));

    public void Notify(string topic) => _queue.Writer.TryWrite(topic);

    public ChannelReader<string> Reader => _queue.Reader;

    public void Dispose() => Unsubscribe?.Invoke();
}
