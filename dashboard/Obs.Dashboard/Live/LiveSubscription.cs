using System.Text.Json.Nodes;
using System.Threading.Channels;
using Obs.Api.Resources;
using Obs.Dashboard.Access;

namespace Obs.Dashboard.Live;

/// <summary>
/// One open /live stream: the topics it asked for, what it wants of their changes (<see cref="LiveFilter"/>; null:
/// all of them), what its user may see (<see cref="SessionAccess"/>, asked of each change from the rules the session
/// last learned, so a change costs no review; null: everything), and a small queue of topic names to send. The queue keeps only the latest few: a slow browser
/// loses repeats, never the dashboard's memory.
/// </summary>
public sealed class LiveSubscription(IReadOnlySet<string> topics, LiveFilter? filter = null, SessionAccess? access = null) : IDisposable
{
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(16)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    public Action? Unsubscribe { get; set; }

    public bool Hears(string topic) => topics.Contains(topic);

    /// <summary>Whether the change of <paramref name="obj"/> (a <paramref name="type"/>) is one this stream wants told and its user may see.</summary>
    public bool Wants(string topic, JsonObject obj, ResourceType? type = null) =>
        Hears(topic) && (access is null || type is not null && access.Current.Sees(type, obj)) && (filter?.Matches(topic, obj) ?? true);

    /// <summary>Whether a change about no object in particular (the alerts) reaches this stream: its user may read what the topic shows.</summary>
    public bool MayHearAll(string topic) =>
        access is null || (LiveTopics.ReadPaths.TryGetValue(topic, out var path) ? access.Current.AllowsPath("get", path) : access.Current.IsEverything);

    /// <summary>
    /// Whether a change of a <paramref name="type"/> in <paramref name="ns"/> is one this stream's user may see (a type of
    /// null: a change about nothing in particular, as <see cref="MayHearAll"/>).
    /// </summary>
    public bool MaySee(string topic, ResourceType? type, string? ns) =>
        type is null ? MayHearAll(topic) : access is null || access.Current.MayList(type, ns);

    public void Notify(string topic) => _queue.Writer.TryWrite(topic);

    public ChannelReader<string> Reader => _queue.Reader;

    public void Dispose() => Unsubscribe?.Invoke();
}
