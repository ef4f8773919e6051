using System.Collections.Concurrent;
using Obs.ApiServer.Cache;

namespace Obs.ApiServer.Auth.Rbac;

/// <summary>
/// Kubernetes' RBAC authorizer over the watch cache. The roles and bindings are parsed once per change to
/// any of them (<see cref="WatchCache.ChangeStamp"/>), and each user's rules once per such version, so a
/// request costs one lock to check the stamp, one dictionary lookup and a scan of that user's rules.
/// <c>system:masters</c> may do everything, whatever the roles say, as Kubernetes' privileged group.
/// </summary>
public sealed class RbacAuthorizer(WatchCache cache)
{
    public const string Masters = "system:masters";
    public const string Authenticated = "system:authenticated";
    public const string Unauthenticated = "system:unauthenticated";
    public const string Anonymous = "system:anonymous";

    /// <summary>Past this many users cached at once the cache starts over, so a stream of one-off tokens cannot grow it without end.</summary>
    private const int MaxCachedSubjects = 10_000;

    private sealed record Snapshot(long Stamp, RbacPolicy Policy, ConcurrentDictionary<string, SubjectRules> BySubject);

    private Snapshot? _snapshot;
    private readonly Lock _rebuild = new();

    public bool Allows(UserInfo user, AccessRequest request) => IsMaster(user) || RulesFor(user).Allows(request);

    public static bool IsMaster(UserInfo user)
    {
        foreach (var g in user.Groups) if (g == Masters) return true;
        return false;
    }

    /// <summary>The user's rules under the current roles and bindings; every rule for <c>system:masters</c>.</summary>
    public SubjectRules RulesFor(UserInfo user)
    {
        if (IsMaster(user)) return SubjectRules.Everything;
        var snapshot = Current();
        var key = user.Groups.Count == 0 ? user.Name : $"{user.Name}\n{string.Join('\n', user.Groups)}";
        if (snapshot.BySubject.TryGetValue(key, out var rules)) return rules;
        if (snapshot.BySubject.Count >= MaxCachedSubjects) snapshot.BySubject.Clear();
        rules = snapshot.Policy.RulesFor(user.Name, EffectiveGroups(user));
        snapshot.BySubject[key] = rules;
        return rules;
    }

    /// <summary>The policy as of now, for checks that read roles themselves (escalation).</summary>
    public RbacPolicy Policy => Current().Policy;

    /// <summary>Every authenticated user is in <c>system:authenticated</c>, whether or not its token says so.</summary>
    public static IReadOnlyCollection<string> EffectiveGroups(UserInfo user)
    {
        var groups = new HashSet<string>(user.Groups);
        groups.Add(user.Name == Anonymous ? Unauthenticated : Authenticated);
        return groups;
    }

    private Snapshot Current()
    {
        var stamp = cache.ChangeStamp(RbacPolicy.Resources);
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is not null && snapshot.Stamp == stamp) return snapshot;
        lock (_rebuild)
        {
            snapshot = _snapshot;
            if (snapshot is not null && snapshot.Stamp == stamp) return snapshot;
            // The stamp is read before the objects: a change that lands while they are read makes the next request rebuild again.
            snapshot = new Snapshot(stamp, RbacPolicy.From(cache), new ConcurrentDictionary<string, SubjectRules>());
            Volatile.Write(ref _snapshot, snapshot);
            return snapshot;
        }
    }
}
