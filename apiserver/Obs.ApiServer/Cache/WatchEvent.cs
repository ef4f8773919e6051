namespace Obs.ApiServer.Cache;

/// <summary>An event as one watcher receives it, after its selectors decided the type.</summary>
public readonly record struct WatchEvent(WatchEventType Type, CachedObject Object);
