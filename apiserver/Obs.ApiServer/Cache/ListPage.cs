namespace Obs.ApiServer.Cache;

/// <summary>A page of a LIST from the cache: its objects, the cache's revision, and whether more match after the last.</summary>
public sealed record ListPage(List<CachedObject> Items, long Revision, bool More);
