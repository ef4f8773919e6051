using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Npgsql;
using Obs.ApiServer.Alerting;
using Obs.ApiServer.Storage;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Alerting;

/// <summary>
/// The forwarder mailing through a test relay the notices the store recorded in PostgreSQL: one message per firing and
/// resolution, retries with backoff, the logs of what failed, and notices that outlive the forwarder that took them.
/// </summary>
public sealed class AlertForwarderTests : IAsyncLifetime
{
    private readonly SmtpTestServer _relay = new();
    private readonly RecentLog _log = new();
    private NpgsqlDataSource _dataSource = null!;
    private AlertStore _store = null!;

    // Short waits: the test is about how many attempts are made and what is logged, not how long they take.
    private static readonly ForwardRetry QuickRetry = new() { Attempts = 3, FirstDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(50) };

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("forward"));
        await Migrator.ApplyAsync(_dataSource);
        _store = new AlertStore(_dataSource);
    }

    public async Task DisposeAsync()
    {
        _relay.Dispose();
        await _dataSource.DisposeAsync();
    }

    private async Task<AlertForwarder> StartAsync(string smarthost, ForwardRetry? retry = null, string[]? to = null)
    {
        var forwarder = AlertForwarder.Create(new AlertingOptions
        {
            Email = new EmailForwardOptions(smarthost, "obs@example.com", to ?? ["oncall@example.com"]) { RequireTls = false },
            ForwardRetry = retry ?? QuickRetry,
        }, _dataSource, TimeProvider.System, new Logger<AlertForwarder>(_log));
        await forwarder.StartAsync(CancellationToken.None);
        return forwarder;
    }

    /// <summary>Stores a notification as the receiver does and wakes the forwarder, if any; the stored alerts' ids.</summary>
    private async Task<IReadOnlyList<long>> ReceiveAsync(AlertForwarder? forwarder, string status, params JsonObject[] alerts)
    {
        var payload = Payloads.Notification(status, alerts);
        var notification = WebhookParser.Parse(JsonNode.Parse(payload), out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
        var changes = await _store.RecordAsync(notification, Encoding.UTF8.GetBytes(payload), DateTimeOffset.UtcNow, CancellationToken.None);
        forwarder?.NoticesStored(changes);
        return [.. changes.Select(c => c.Alert.Id)];
    }

    private Task<IReadOnlyList<long>> FireAsync(AlertForwarder? forwarder, string name = "KubePodCrashLooping") =>
        ReceiveAsync(forwarder, "firing", Payloads.Alert(name, "f-" + name));

    [Fact]
    public async Task FiringAndResolutionAreMailedOnceEachAndRepeatsAreNot()
    {
        using var forwarder = await StartAsync(_relay.Smarthost);
        await FireAsync(forwarder);
        await FireAsync(forwarder);
        await ReceiveAsync(forwarder, "resolved", Payloads.Alert("KubePodCrashLooping", "f-KubePodCrashLooping", status: "resolved", endsAt: "2026-11-22T06:05:00Z"));
        await _relay.WaitForAsync(m => m.Header("Subject").StartsWith("[RESOLVED]", StringComparison.Ordinal));
        Assert.Equal(["[FIRING] KubePodCrashLooping: Pod default/web-1 (warning)", "[RESOLVED] KubePodCrashLooping: Pod default/web-1 (warning)"],
            _relay.Received.Select(m => m.Header("Subject")));
        await forwarder.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ATransientRefusalIsRetriedWithBackoffUntilTheRelayTakesIt()
    {
        _relay.Fail(2, "MAIL", "451 4.3.0 try again later");
        using var forwarder = await StartAsync(_relay.Smarthost);
        await FireAsync(forwarder);
        await _relay.WaitForAsync(_ => true);
        Assert.Equal(3, _relay.Sessions);
        Assert.Single(_relay.Received);
        var log = _log.Text("forwarding KubePodCrashLooping");
        Assert.Contains("(attempt 1): MAIL FROM: the server answered 451 4.3.0 try again later; trying again in 0.02 s", log, StringComparison.Ordinal);
        Assert.Contains("(attempt 2): MAIL FROM: the server answered 451 4.3.0 try again later; trying again in 0.04 s", log, StringComparison.Ordinal);
        await WaitForLogAsync("at attempt 3");
    }

    [Fact]
    public async Task APermanentRefusalIsLoggedAndNotRetriedAndTheNextAlertStillGoes()
    {
        _relay.Fail(1, "RCPT", "550 5.1.1 no such user");
        using var forwarder = await StartAsync(_relay.Smarthost);
        var first = Assert.Single(await FireAsync(forwarder, "First"));
        await FireAsync(forwarder, "Second");
        var mail = await _relay.WaitForAsync(_ => true);
        Assert.StartsWith("[FIRING] Second", mail.Header("Subject"), StringComparison.Ordinal);
        Assert.Equal(2, _relay.Sessions);
        Assert.Contains($"refused First (firing, alert {first}): RCPT TO:<oncall@example.com>: the server answered 550 5.1.1 no such user; not trying again", _log.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMailboxTheRelayRefusesIsLoggedAndTheOtherRecipientsAreMailed()
    {
        _relay.RefuseRecipient("left@example.com", "550 5.1.1 no such user");
        using var forwarder = await StartAsync(_relay.Smarthost, to: ["oncall@example.com", "left@example.com"]);
        await FireAsync(forwarder);
        Assert.Equal(["oncall@example.com"], (await _relay.WaitForAsync(_ => true)).To);
        await WaitForLogAsync("without a recipient it refused: RCPT TO:<left@example.com>: the server answered 550 5.1.1 no such user; not trying again");
        Assert.Equal(1, _relay.Sessions);
        await forwarder.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ARelayThatRefusesConnectionsIsRetriedThenGivenUpWithAnError()
    {
        var port = _relay.Port;
        _relay.Dispose();
        using var forwarder = await StartAsync($"127.0.0.1:{port}");
        var id = Assert.Single(await FireAsync(forwarder));
        await WaitForLogAsync("gave up after 3 attempts");
        Assert.Equal(2, _log.Text("Warning").Split('\n').Count(l => l.Contains("forwarding KubePodCrashLooping", StringComparison.Ordinal)));
        Assert.Contains($"Error AlertForwarder: forwarding KubePodCrashLooping (firing, alert {id}) to smtp://127.0.0.1:", _log.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANoticeStoredWhileTheForwarderWasStoppedIsSentWhenItStartsAgain()
    {
        var before = await StartAsync(_relay.Smarthost);
        await WaitForCursorAsync();
        await before.StopAsync(CancellationToken.None);
        before.Dispose();

        await FireAsync(forwarder: null, "WhileStopped");
        using var after = await StartAsync(_relay.Smarthost);
        var mail = await _relay.WaitForAsync(_ => true);
        Assert.StartsWith("[FIRING] WhileStopped", mail.Header("Subject"), StringComparison.Ordinal);
        await after.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ANoticeBeingRetriedWhenTheForwarderStopsIsSentByTheNextOne()
    {
        _relay.Fail(1, "MAIL", "451 4.3.0 try again later");
        var patient = new ForwardRetry { Attempts = 10, FirstDelay = TimeSpan.FromMinutes(5) };
        var first = await StartAsync(_relay.Smarthost, patient);
        await FireAsync(first);
        await WaitForLogAsync("(attempt 1): MAIL FROM: the server answered 451");
        await first.StopAsync(CancellationToken.None);
        first.Dispose();
        Assert.Empty(_relay.Received);

        using var next = await StartAsync(_relay.Smarthost);
        var mail = await _relay.WaitForAsync(_ => true);
        Assert.StartsWith("[FIRING] KubePodCrashLooping", mail.Header("Subject"), StringComparison.Ordinal);
        await next.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task TwoApiserversForwardingToOneRelaySendEachNoticeOnceAndTheSecondTakesOverWhenTheFirstStops()
    {
        var a = await StartAsync(_relay.Smarthost);
        await WaitForCursorAsync();
        using var b = await StartAsync(_relay.Smarthost);
        foreach (var name in new[] { "One", "Two", "Three" }) await FireAsync(a, name);
        await _relay.WaitForAsync(m => m.Header("Subject").StartsWith("[FIRING] Three", StringComparison.Ordinal));

        await a.StopAsync(CancellationToken.None);
        a.Dispose();
        await FireAsync(b, "Four");
        await _relay.WaitForAsync(m => m.Header("Subject").StartsWith("[FIRING] Four", StringComparison.Ordinal));
        // b took the lock at its poll after a let go, and began where a left off: nothing was sent twice.
        Assert.Equal(["One", "Two", "Three", "Four"], _relay.Received.Select(m => m.Header("Subject").Split(' ')[1].TrimEnd(':')));
        await b.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ANewDestinationStartsAfterTheNoticesStoredBeforeItWasConfigured()
    {
        await FireAsync(forwarder: null, "BeforeConfigured");
        using var forwarder = await StartAsync(_relay.Smarthost);
        await WaitForCursorAsync();
        await FireAsync(forwarder, "AfterConfigured");
        var mail = await _relay.WaitForAsync(_ => true);
        Assert.StartsWith("[FIRING] AfterConfigured", mail.Header("Subject"), StringComparison.Ordinal);
        Assert.Single(_relay.Received);
        await forwarder.StopAsync(CancellationToken.None);
    }

    /// <summary>Waits for the forwarder to have started its destination's cursor, which it does once it holds the lock.</summary>
    private async Task WaitForCursorAsync()
    {
        for (var i = 0; i < 400; i++)
        {
            await using var cmd = _dataSource.CreateCommand("select count(*) from obs_alert_forward_cursors");
            if ((long)(await cmd.ExecuteScalarAsync())! > 0) return;
            await Task.Delay(50);
        }
        Assert.Fail("the forwarder never started its cursor");
    }

    [Fact]
    public void InvalidEmailSettingsAreRefusedWithEveryProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => AlertForwarder.Create(new AlertingOptions
        {
            Email = new EmailForwardOptions("smtp.example.com", "obs", []) { Password = "pw" },
        }, _dataSource, TimeProvider.System, new Logger<AlertForwarder>(_log)));
        Assert.Contains("smarthost \"smtp.example.com\" must be host:port; from \"obs\" must be an e-mail address; to needs at least one address; a password needs a username", e.Message, StringComparison.Ordinal);
    }

    private async Task WaitForLogAsync(string text)
    {
        for (var i = 0; i < 300 && !_log.Text().Contains(text, StringComparison.Ordinal); i++) await Task.Delay(50);
        Assert.Contains(text, _log.Text(), StringComparison.Ordinal);
    }
}
