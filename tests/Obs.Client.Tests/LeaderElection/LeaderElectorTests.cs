using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.LeaderElection;
using Obs.Client.Rest;
using Obs.Testing;

namespace Obs.Client.Tests.LeaderElection;

/// <summary>Candidates racing for one Lease on a real apiserver, on short (but real) timings.</summary>
public sealed class LeaderElectorTests(TestCluster cluster) : IClassFixture<TestCluster>, IDisposable
{
    private readonly ApiClient _client = TestClients.For(cluster);

    public void Dispose() => _client.Dispose();

    private static LeaderElectionOptions Options(string lease, string identity, bool release = true) => new()
    {
        Namespace = "default",
        Name = lease,
        Identity = identity,
        LeaseDuration = TimeSpan.FromSeconds(3),
        RenewDeadline = TimeSpan.FromSeconds(2),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
        ReleaseOnCancel = release,
    };

    /// <summary>One candidate: counts how many are doing leader work at once, and records when it led.</summary>
    private sealed class Candidate(LeaderElector elector, Counter leaders)
    {
        public volatile bool Leading;
        public volatile bool Stopped;
        public DateTime? StartedAt;

        public Task RunAsync(CancellationToken cancellationToken) => elector.RunAsync(async leading =>
        {
            if (leaders.Enter() > 1) leaders.Overlapped = true;
            StartedAt = DateTime.UtcNow;
            Leading = true;
            try
            {
                await Task.Delay(Timeout.Infinite, leading);
            }
            finally
            {
                Leading = false;
                leaders.Leave();
            }
        }, () => Stopped = true, cancellationToken);
    }

    private sealed class Counter
    {
        private int _count;
        public volatile bool Overlapped;
        public int Enter() => Interlocked.Increment(ref _count);
        public void Leave() => Interlocked.Decrement(ref _count);
    }

    [Fact]
    public async Task ExactlyOneLeadsAndTheOtherTakesOverWhenItReleases()
    {
        var lease = TestClients.UniqueName("lease");
        var leaders = new Counter();
        var a = new Candidate(new LeaderElector(_client, Options(lease, "a")), leaders);
        var b = new Candidate(new LeaderElector(_client, Options(lease, "b")), leaders);
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunAsync(stopA.Token);
        await TestClients.EventuallyAsync(() => a.Leading, "a to lead");
        var runB = b.RunAsync(stopB.Token);

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.True(a.Leading);
        Assert.False(b.Leading);
        var held = await _client.GetAsync(ResourceTypes.Lease, "default", lease);
        Assert.Equal("a", held.StringAt("spec", "holderIdentity"));
        Assert.Equal(3, held.LongAt("spec", "leaseDurationSeconds"));
        Assert.Equal(0, held.LongAt("spec", "leaseTransitions"));
        Assert.NotEqual(held.StringAt("spec", "acquireTime"), held.StringAt("spec", "renewTime"));

        await stopA.CancelAsync();
        await runA.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(a.Stopped);
        Assert.False(a.Leading);
        // A stopping leader releases the Lease (no holder), so the other takes it on its next try rather than
        // after the lease duration: right after a has stopped, the Lease is released or already b's, never a's.
        var afterStop = await _client.GetAsync(ResourceTypes.Lease, "default", lease);
        Assert.Contains(afterStop.StringAt("spec", "holderIdentity") ?? "", new[] { "", "b" });
        await TestClients.EventuallyAsync(() => b.Leading, "b to take over");

        var taken = await _client.GetAsync(ResourceTypes.Lease, "default", lease);
        Assert.Equal("b", taken.StringAt("spec", "holderIdentity"));
        Assert.Equal(1, taken.LongAt("spec", "leaseTransitions"));
        Assert.False(leaders.Overlapped);

        await stopB.CancelAsync();
        await runB.WaitAsync(TimeSpan.FromSeconds(10));
        var end = await _client.GetAsync(ResourceTypes.Lease, "default", lease);
        Assert.Null(end.StringAt("spec", "holderIdentity"));
    }

    [Fact]
    public async Task ReleaseStillFreesTheLeaseAfterAWriteTheLeaderDidNotSee()
    {
        // A renewal cancelled in flight can be stored without the leader seeing its answer: here a write
        // keeping "a" as holder plays that renewal, right before a is stopped, so a's release carries an
        // outdated resourceVersion and must read the Lease again rather than leave it held.
        var lease = TestClients.UniqueName("lease");
        using var stop = new CancellationTokenSource();
        var (_, run) = await LeadAloneAsync(lease, stop.Token);

        await WriteBehindTheLeadersBackAsync(lease);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        var end = await _client.GetAsync(ResourceTypes.Lease, "default", lease);
        Assert.Null(end.StringAt("spec", "holderIdentity"));
    }

    [Fact]
    public async Task StandbyWaitsOutALeaseThatWasNotReleased()
    {
        var lease = TestClients.UniqueName("lease");
        var leaders = new Counter();
        var a = new Candidate(new LeaderElector(_client, Options(lease, "a", release: false)), leaders);
        var b = new Candidate(new LeaderElector(_client, Options(lease, "b")), leaders);
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunAsync(stopA.Token);
        await TestClients.EventuallyAsync(() => a.Leading, "a to lead");
        var runB = b.RunAsync(stopB.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        var crashed = DateTime.UtcNow;
        await stopA.CancelAsync();
        await runA.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("a", (await _client.GetAsync(ResourceTypes.Lease, "default", lease)).StringAt("spec", "holderIdentity"));
        await TestClients.EventuallyAsync(() => b.Leading, "b to take over");
        Assert.True(b.StartedAt - crashed >= TimeSpan.FromSeconds(2.5), $"b took over after {b.StartedAt - crashed}, before the lease ran out");
        Assert.False(leaders.Overlapped);
        await stopB.CancelAsync();
        await runB.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task LeaderThatSeesAnotherHolderStopsLeading()
    {
        var lease = TestClients.UniqueName("lease");
        using var stop = new CancellationTokenSource();
        var (a, run) = await LeadAloneAsync(lease, stop.Token);

        await WriteBehindTheLeadersBackAsync(lease, holder: "intruder");

        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(a.Stopped);
        Assert.False(a.Leading);
        Assert.Equal("intruder", (await _client.GetAsync(ResourceTypes.Lease, "default", lease)).StringAt("spec", "holderIdentity"));
    }

    /// <summary>Candidate "a", alone, once it leads.</summary>
    private async Task<(Candidate Leader, Task Run)> LeadAloneAsync(string lease, CancellationToken stop)
    {
        var a = new Candidate(new LeaderElector(_client, Options(lease, "a")), new Counter());
        var run = a.RunAsync(stop);
        await TestClients.EventuallyAsync(() => a.Leading, "a to lead");
        return (a, run);
    }

    /// <summary>Stores a new renewTime in the Lease, and a new holder when one is given, without the leader.</summary>
    private async Task WriteBehindTheLeadersBackAsync(string lease, string? holder = null)
    {
        var current = await _client.GetAsync(ResourceTypes.Lease, "default", lease);
        if (holder is not null) current["spec"]!["holderIdentity"] = holder;
        current["spec"]!["renewTime"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        await UpdateIgnoringRacesAsync(current, lease);
    }

    /// <summary>The leader renews every 200 ms: retry the takeover on a fresh read when it wins the race.</summary>
    private async Task UpdateIgnoringRacesAsync(JsonObject lease, string name)
    {
        for (var i = 0; i < 20; i++)
        {
            try
            {
                await _client.UpdateAsync(ResourceTypes.Lease, lease);
                return;
            }
            catch (ApiException e) when (e.IsConflict)
            {
                var fresh = await _client.GetAsync(ResourceTypes.Lease, "default", name);
                fresh["spec"] = lease["spec"]!.DeepClone();
                lease = fresh;
            }
        }
        Assert.Fail("could not take the lease over");
    }

    [Fact]
    public void OptionsMustLeaveTimeToRenewBeforeTheLeaseRunsOut()
    {
        Assert.Throws<ArgumentException>(() => new LeaderElector(_client, Options("x", "a") with { RenewDeadline = TimeSpan.FromSeconds(3) }));
        Assert.Throws<ArgumentException>(() => new LeaderElector(_client, Options("x", "a") with { RetryPeriod = TimeSpan.FromSeconds(2) }));
    }
}
