namespace Obs.Client.Events;

/// <summary>
/// client-go's EventAggregator: the distinct messages one component wrote lately about one object
/// with one type and reason. From the tenth within ten minutes on, further ones are folded into a
/// single "(combined from similar events): …" event, so a ReplicaSet creating 500 pods does not write
/// 500 events.
/// </summary>
internal sealed class SimilarEvents
{
    public const int MaxDistinct = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    public const string CombinedPrefix = "(combined from similar events): ";

    private readonly HashSet<string> _messages = [];
    private DateTimeOffset _last;

    /// <summary>Notes <paramref name="message"/>; true when it is to be combined with the others.</summary>
    public bool Observe(string message, DateTimeOffset now)
    {
        if (now - _last > Window) _messages.Clear();
        _last = now;
        _messages.Add(message);
        if (_messages.Count < MaxDistinct) return false;
        // Do not grow past the limit: forget one, as client-go does.
        _messages.Remove(_messages.First());
        return true;
    }
}
