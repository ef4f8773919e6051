namespace Obs.Client.Watch;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,

    /// <summary>No change: only a newer resourceVersion to resume from.</summary>
    Bookmark,
}
