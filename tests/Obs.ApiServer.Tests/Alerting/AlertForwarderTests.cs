using Microsoft.Extensions.Logging;
using Obs.ApiServer.Alerting;
using Obs.ApiServer.Tests.Alerting.Smtp;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Alerting;

/// <summary>The forwarder mailing through a test relay: one message per firing and resolution, retries with backoff, and the logs of what failed.</summary>
public sealed class AlertForwarderTests : IDisposable
{
    private readonly SmtpTestServer _relay = new();
    private readonly RecentLog _log = new();

    // Short waits: the test is about how many attempts are made and what is logged, not how long they take.
    private static readonly ForwardRetry QuickRetry = new() { Attempts = 3, FirstDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(50) };

    private async Task<AlertForwarder> StartAsync(string smarthost)
    {
        var forwarder = AlertForwarder.Create(new AlertingOptions
        {
            Email = new EmailForwardOptions(smarthost, "obs@example.com", ["oncall@example.com"]) { RequireTls = false },
            ForwardRetry = QuickRetry,
        }, TimeProvider.System, new Logger<AlertForwarder>(_log));
        await forwarder.StartAsync(CancellationToken.None);
        return forwarder;
    }

    private static AlertChange Change(AlertChangeKind kind, string name = "KubePodCrashLooping") => new(AlertEmailTests.Alert(name), kind);

    [Fact]
    public async Task FiringAndResolutionAreMailedOnceEachAndRepeatsAreNot()
    {
        using var forwarder = await StartAsync(_relay.Smarthost);
        forwarder.Enqueue([Change(AlertChangeKind.Fired), Change(AlertChangeKind.Repeated), Change(AlertChangeKind.Resolved)]);
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
        forwarder.Enqueue([Change(AlertChangeKind.Fired)]);
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
        forwarder.Enqueue([Change(AlertChangeKind.Fired, "First"), Change(AlertChangeKind.Fired, "Second")]);
        var mail = await _relay.WaitForAsync(_ => true);
        Assert.StartsWith("[FIRING] Second", mail.Header("Subject"), StringComparison.Ordinal);
        Assert.Equal(2, _relay.Sessions);
        Assert.Contains("refused First (firing, alert 42): RCPT TO:<oncall@example.com>: the server answered 550 5.1.1 no such user; not trying again", _log.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARelayThatRefusesConnectionsIsRetriedThenGivenUpWithAnError()
    {
        var port = _relay.Port;
        _relay.Dispose();
        using var forwarder = await StartAsync($"127.0.0.1:{port}");
        forwarder.Enqueue([Change(AlertChangeKind.Fired)]);
        await WaitForLogAsync("gave up after 3 attempts");
        Assert.Equal(2, _log.Text("Warning").Split('\n').Count(l => l.Contains("forwarding KubePodCrashLooping", StringComparison.Ordinal)));
        Assert.Contains("Error AlertForwarder: forwarding KubePodCrashLooping (firing, alert 42) to smtp://127.0.0.1:", _log.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidEmailSettingsAreRefusedWithEveryProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => AlertForwarder.Create(new AlertingOptions
        {
            Email = new EmailForwardOptions("smtp.example.com", "obs", []) { Password = "pw" },
        }, TimeProvider.System, new Logger<AlertForwarder>(_log)));
        Assert.Contains("smarthost \"smtp.example.com\" must be host:port; from \"obs\" must be an e-mail address; to needs at least one address; a password needs a username", e.Message, StringComparison.Ordinal);
    }

    private async Task WaitForLogAsync(string text)
    {
        for (var i = 0; i < 300 && !_log.Text().Contains(text, StringComparison.Ordinal); i++) await Task.Delay(50);
        Assert.Contains(text, _log.Text(), StringComparison.Ordinal);
    }

    public void Dispose() => _relay.Dispose();
}
