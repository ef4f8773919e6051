namespace Obs.ApiServer.Cache;

/// <summary>What a LIST or WATCH selects: a namespace (null for all) and a predicate from its label and field selectors.</summary>
public sealed record WatchFilter(string? Namespace, Func<CachedObject, bool>? Predicate)
{
    public static readonly WatchFilter Everything = new(null, null);

    public bool Matches(CachedObject obj) =>
        (Namespace is null || obj.Key.Namespace == Namespace) && (Predicate is null || Predicate(obj));
}
