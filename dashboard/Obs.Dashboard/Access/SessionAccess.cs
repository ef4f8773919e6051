using Obs.Client.Rest;

namespace Obs.Dashboard.Access;

/// <summary>
/// One signed-in session's <see cref="UserAccess"/>, kept for <see cref="MaxAge"/> and then learned again, so a
/// Role or binding changed in the cluster shows in the dashboard within that time. One review at a time per
/// session, whatever the number of its requests; a page waits for fresh rules, while the live stream's filter
/// (called for each change of the cluster) takes the latest known and only starts a review when they are stale.
/// </summary>
public sealed class SessionAccess(ApiClient api, Func<IEnumerable<string>> namespaces, TimeProvider time)
{
    /// <summary>How long learned rules are trusted: the longest an RBAC change takes to show in the dashboard.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private UserAccess? _known;
    private DateTimeOffset _learnedAt;
    private Task<UserAccess>? _learning;

    /// <summary>Rules no older than <see cref="MaxAge"/>: the kept ones, or learned now.</summary>
    public async Task<UserAccess> GetAsync(CancellationToken cancellationToken = default) =>
        Fresh() ?? await Learn().WaitAsync(cancellationToken);

    /// <summary>The latest rules without waiting (nothing before the first review); stale ones start a review for later calls.</summary>
    public UserAccess Current
    {
        get
        {
            if (Fresh() is { } fresh) return fresh;
            _ = Learn();
            lock (_lock) return _known ?? UserAccess.Nothing;
        }
    }

    private UserAccess? Fresh()
    {
        lock (_lock) return _known is not null && time.GetUtcNow() - _learnedAt < MaxAge ? _known : null;
    }

    private Task<UserAccess> Learn()
    {
        lock (_lock) return _learning ??= Task.Run(LearnAsync);
    }

    private async Task<UserAccess> LearnAsync()
    {
        UserAccess access;
        try
        {
            access = await RulesReview.LearnAsync(api, namespaces(), CancellationToken.None);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TimeoutException or ObjectDisposedException or OperationCanceledException)
        {
            // Not known is not allowed: an API that cannot be asked (down, or refusing the review) shows nothing.
            access = UserAccess.Nothing;
        }
        lock (_lock)
        {
            _known = access;
            _learnedAt = time.GetUtcNow();
            _learning = null;
        }
        return access;
    }
}
