using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.NodeAgent.Volumes;

/// <summary>
/// The ServiceAccounts the agent reads to decide whether a pod gets its API access files, kept per
/// namespace and name for <see cref="MaxAge"/>: a burst of pod starts in one namespace makes one
/// GET, not one each (callers that ask while it is under way share it). A changed or deleted
/// account is seen once its entry is older than that, as the pods' volumes are refreshed every
/// 10 s anyway. A watch would see it sooner but would hold every account of the cluster in the
/// agent, for a question asked once per pod start.
/// </summary>
public sealed class ServiceAccountCache(Func<string, string, CancellationToken, Task<JsonObject?>> fetch, TimeProvider time)
{
    /// <summary>How long an answer (an account, or "none") is believed.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    /// <summary>Past this many entries the stale ones go, so namespaces that came and went do not pile up.</summary>
    private const int SweepAbove = 256;

    private readonly ConcurrentDictionary<(string Namespace, string Name), Entry> _entries = new();

    public ServiceAccountCache(ApiClient client, TimeProvider time)
        : this((ns, name, cancellationToken) => client.TryGetAsync(ResourceTypes.ServiceAccount, ns, name, cancellationToken), time)
    {
    }

    /// <summary>The account, or null when it does not exist; an answer at most <see cref="MaxAge"/> old.</summary>
    public async Task<JsonObject?> GetAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var key = (@namespace, name);
        var now = time.GetUtcNow();
        while (true)
        {
            if (_entries.TryGetValue(key, out var held) && now - held.Started < MaxAge && !held.Account.IsFaulted && !held.Account.IsCanceled)
                return await held.Account.WaitAsync(cancellationToken);
            // One fetch per key at a time: the caller whose entry lands starts it, the others take that entry in the next round.
            var entry = new Entry(now, new Lazy<Task<JsonObject?>>(() => fetch(@namespace, name, CancellationToken.None)));
            var stored = held is null ? _entries.TryAdd(key, entry) : _entries.TryUpdate(key, entry, held);
            if (!stored) continue;
            if (_entries.Count > SweepAbove) Sweep(now);
            return await entry.Account.WaitAsync(cancellationToken);
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.Started >= MaxAge) _entries.TryRemove(new KeyValuePair<(string, string), Entry>(key, entry));
        }
    }

    /// <summary>
    /// One fetch and when it began. It runs with no caller's token (the client's request timeout
    /// bounds it), so a caller that gives up does not fail the others waiting on it; a failed
    /// fetch is not kept, the next caller asks again.
    /// </summary>
    private sealed class Entry(DateTimeOffset started, Lazy<Task<JsonObject?>> fetch)
    {
        public DateTimeOffset Started { get; } = started;

        public Task<JsonObject?> Account => fetch.Value;
    }
}
