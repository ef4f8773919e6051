namespace Obs.Client.Watch;

/// <summary>
/// The query of a WATCH. Without a resourceVersion the server first sends the current objects as
/// ADDED; with one, every change after it (or a 410 when that is older than the server keeps).
/// </summary>
public sealed record WatchOptions
{
    public string? ResourceVersion { get; init; }
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }
    public bool AllowWatchBookmarks { get; init; } = true;

    /// <summary>The server ends the stream after this long; null keeps it open until cancelled.</summary>
    public int? TimeoutSeconds { get; init; }

    public bool? SendInitialEvents { get; init; }
}
