using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Client.LeaderElection;

/// <summary>
/// Leader election over a Lease, as client-go's leaderelection does. Every write is a
/// compare-and-swap on the Lease's resourceVersion, so of two candidates racing only one wins.
/// A Lease held by another is taken only once it has not changed for its whole duration, timed by
/// our own clock from when we saw it change (so clock skew between hosts does not matter).
/// </summary>
public sealed class LeaderElector
{
    private readonly ApiClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private LeaseRecord? _observed;
    private long _observedAt;
    private string? _observedResourceVersion;
    private volatile bool _leading;

    public LeaderElector(ApiClient client, LeaderElectionOptions options, ILogger? logger = null)
    {
        if (options.LeaseDuration <= options.RenewDeadline) throw new ArgumentException("the lease duration must be longer than the renew deadline", nameof(options));
        if (options.RenewDeadline <= options.RetryPeriod) throw new ArgumentException("the renew deadline must be longer than the retry period", nameof(options));
        _client = client;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _time = options.TimeProvider;
    }

    /// <summary>Whether this elector holds the Lease, as of its last successful read or write.</summary>
    public bool IsLeader => _observed?.HolderIdentity == _options.Identity && _leading;

    /// <summary>The holder last seen on the Lease (empty when released).</summary>
    public string? Leader => _observed?.HolderIdentity;

    /// <summary>Raised with the new holder's identity each time the observed holder changes.</summary>
    public event Action<string>? NewLeader;

    /// <summary>
    /// Campaigns until this elector holds the Lease, runs <paramref name="onStartedLeading"/> with a
    /// token that is cancelled when leadership ends, renews while it runs, and returns once
    /// leadership is lost, the callback returns, or <paramref name="cancellationToken"/> is
    /// cancelled (then releasing the Lease). <paramref name="onStoppedLeading"/> runs last, if it led.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> onStartedLeading, Action onStoppedLeading, CancellationToken cancellationToken)
    {
        if (!await AcquireAsync(cancellationToken)) return;
        _leading = true;
        LeaderElectionLog.Acquired(_logger, _options.Namespace, _options.Name, _options.Identity);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(() => onStartedLeading(leading.Token), CancellationToken.None);
        try
        {
            await RenewAsync(work, leading.Token);
        }
        finally
        {
            _leading = false;
            await leading.CancelAsync();
            try
            {
                await work;
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                LeaderElectionLog.WorkFailed(_logger, _options.Name, e);
            }
            if (_options.ReleaseOnCancel) await ReleaseAsync();
            LeaderElectionLog.Stopped(_logger, _options.Namespace, _options.Name, _options.Identity);
            onStoppedLeading();
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await TryAcquireOrRenewAsync(cancellationToken)) return true;
            try
            {
                await Task.Delay(Jittered(_options.RetryPeriod), _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>Renews every retry period; gives up when no renewal succeeded for the renew deadline.</summary>
    private async Task RenewAsync(Task work, CancellationToken cancellationToken)
    {
        var lastRenewal = _time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested && !work.IsCompleted)
        {
            try
            {
                await Task.WhenAny(work, Task.Delay(_options.RetryPeriod, _time, cancellationToken));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (work.IsCompleted || cancellationToken.IsCancellationRequested) return;
            if (await TryAcquireOrRenewAsync(cancellationToken))
            {
                lastRenewal = _time.GetTimestamp();
                continue;
            }
            if (_observed is { } seen && seen.HolderIdentity != _options.Identity && seen.HolderIdentity.Length > 0)
            {
                LeaderElectionLog.Lost(_logger, _options.Name, seen.HolderIdentity);
                return;
            }
            if (_time.GetElapsedTime(lastRenewal) >= _options.RenewDeadline)
            {
                LeaderElectionLog.Lost(_logger, _options.Name, "(renew deadline passed)");
                return;
            }
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var desired = new LeaseRecord(_options.Identity, (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds),
            LeaseRecord.MicroTime(now), LeaseRecord.MicroTime(now), 0);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RenewDeadline);
            var lease = await _client.TryGetAsync(ResourceTypes.Lease, _options.Namespace, _options.Name, timeout.Token);
            if (lease is null)
            {
                var created = await _client.CreateAsync(ResourceTypes.Lease, LeaseObject(desired, null), null, timeout.Token);
                Observe(desired, created);
                return true;
            }
            var current = LeaseRecord.From(lease);
            if (current != _observed) Observe(current, lease);
            var heldByUs = current.HolderIdentity == _options.Identity;
            if (current.HolderIdentity.Length > 0 && !heldByUs &&
                _time.GetElapsedTime(_observedAt) < TimeSpan.FromSeconds(current.LeaseDurationSeconds))
                return false;
            desired = heldByUs
                ? desired with { AcquireTime = current.AcquireTime, LeaseTransitions = current.LeaseTransitions }
                : desired with { LeaseTransitions = current.LeaseTransitions + 1 };
            var updated = await _client.UpdateAsync(ResourceTypes.Lease, LeaseObject(desired, _observedResourceVersion), null, timeout.Token);
            Observe(desired, updated);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the callers see the cancelled token and end their loops.
            return false;
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
        {
            // A lost race (409), an apiserver away for a moment: try again next period.
            LeaderElectionLog.AttemptFailed(_logger, _options.Name, e.Message);
            return false;
        }
    }

    /// <summary>
    /// Gives the Lease up: no holder and a one-second duration, so a standby takes it on its next try.
    /// A renewal cancelled in flight may still have been stored, leaving our resourceVersion behind: on a
    /// conflict the Lease is read again and, while it is still ours, released at its current version.
    /// </summary>
    private async Task ReleaseAsync()
    {
        if (_observed?.HolderIdentity != _options.Identity) return;
        using var timeout = new CancellationTokenSource(_options.RenewDeadline);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = LeaseRecord.MicroTime(_time.GetUtcNow());
            var released = new LeaseRecord("", 1, now, now, _observed.LeaseTransitions);
            try
            {
                var updated = await _client.UpdateAsync(ResourceTypes.Lease, LeaseObject(released, _observedResourceVersion), null, timeout.Token);
                Observe(released, updated);
                return;
            }
            catch (ApiException e) when (e.IsConflict && attempt < 2)
            {
                if (!await StillOursAsync(timeout.Token)) return;
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
            {
                LeaderElectionLog.AttemptFailed(_logger, _options.Name, e.Message);
                return;
            }
        }
    }

    /// <summary>Reads the Lease again after a lost compare-and-swap; true when we still hold it.</summary>
    private async Task<bool> StillOursAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lease = await _client.TryGetAsync(ResourceTypes.Lease, _options.Namespace, _options.Name, cancellationToken);
            if (lease is null) return false;
            var current = LeaseRecord.From(lease);
            Observe(current, lease);
            return current.HolderIdentity == _options.Identity;
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
        {
            LeaderElectionLog.AttemptFailed(_logger, _options.Name, e.Message);
            return false;
        }
    }

    private void Observe(LeaseRecord record, JsonObject lease)
    {
        var changedHolder = _observed?.HolderIdentity != record.HolderIdentity;
        _observed = record;
        _observedAt = _time.GetTimestamp();
        _observedResourceVersion = Obs.Api.Objects.ObjectMeta.ResourceVersion(lease);
        if (changedHolder) NewLeader?.Invoke(record.HolderIdentity);
    }

    private JsonObject LeaseObject(LeaseRecord record, string? resourceVersion)
    {
        var metadata = new JsonObject { ["name"] = _options.Name, ["namespace"] = _options.Namespace };
        if (resourceVersion is not null) metadata["resourceVersion"] = resourceVersion;
        return new JsonObject
        {
            ["apiVersion"] = ResourceTypes.Lease.ApiVersion,
            ["kind"] = ResourceTypes.Lease.Kind,
            ["metadata"] = metadata,
            ["spec"] = record.ToSpec(),
        };
    }

    /// <summary>client-go's 1.2 jitter factor: candidates started together do not retry in lockstep.</summary>
    private static TimeSpan Jittered(TimeSpan period) => period * (1 + 0.2 * Random.Shared.NextDouble());
}
