using Obs.NodeAgent.Restarts;

namespace Obs.NodeAgent.Tests.Restarts;

public sealed class RestartBackoffTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
    private readonly RestartBackoff _backoff = RestartBackoff.Default;

    [Theory]
    [InlineData(RestartPolicy.Always, 0, true)]
    [InlineData(RestartPolicy.Always, 1, true)]
    [InlineData(RestartPolicy.OnFailure, 0, false)]
    [InlineData(RestartPolicy.OnFailure, 137, true)]
    [InlineData(RestartPolicy.Never, 1, false)]
    [InlineData(RestartPolicy.Never, 0, false)]
    public void PolicyDecidesWhetherToRestart(RestartPolicy policy, int exitCode, bool restart)
    {
        Assert.Equal(restart, RestartPolicies.ShouldRestart(policy, exitCode));
        var decision = _backoff.Decide(policy, exitCode, T0, T0.AddSeconds(1), null, T0.AddSeconds(1));
        Assert.Equal(restart ? RestartAction.RestartNow : RestartAction.DoNotRestart, decision.Action);
    }

    [Theory]
    [InlineData(null, RestartPolicy.Always)]
    [InlineData("Always", RestartPolicy.Always)]
    [InlineData("OnFailure", RestartPolicy.OnFailure)]
    [InlineData("Never", RestartPolicy.Never)]
    public void ParsesThePodsPolicy(string? text, RestartPolicy policy) => Assert.Equal(policy, RestartPolicies.Parse(text));

    [Fact]
    public void DelaysDoubleFromTenSecondsToFiveMinutes()
    {
        BackoffState? state = null;
        var finished = T0;
        var delays = new List<double>();
        for (var crash = 0; crash < 9; crash++)
        {
            var started = finished;
            finished = started.AddSeconds(1);
            var waiting = _backoff.Decide(RestartPolicy.Always, 1, started, finished, state, finished);
            var delay = waiting.RestartAt!.Value - finished;
            delays.Add(delay.TotalSeconds);
            var now = _backoff.Decide(RestartPolicy.Always, 1, started, finished, state, waiting.RestartAt.Value);
            Assert.Equal(RestartAction.RestartNow, now.Action);
            state = now.NextState;
            finished = waiting.RestartAt.Value;
        }
        Assert.Equal([0, 10, 20, 40, 80, 160, 300, 300, 300], delays);
    }

    [Fact]
    public void WaitingIsCrashLoopBackOffWithTheKubeletsMessage()
    {
        var decision = _backoff.Decide(RestartPolicy.Always, 1, T0, T0.AddSeconds(2), new BackoffState(TimeSpan.FromSeconds(40)), T0.AddSeconds(12), "app", "web-0");

        Assert.Equal(RestartAction.BackOff, decision.Action);
        Assert.Equal(T0.AddSeconds(42), decision.RestartAt);
        Assert.Equal("back-off 40s restarting failed container=app pod=web-0", decision.Message);
        Assert.Equal(new BackoffState(TimeSpan.FromSeconds(40)), decision.NextState);
        Assert.Equal("CrashLoopBackOff", RestartDecision.CrashLoopBackOff);
    }

    [Fact]
    public void TenMinutesOfRunningResetsTheBackoff()
    {
        var longRun = _backoff.Decide(RestartPolicy.Always, 1, T0, T0.AddMinutes(10), new BackoffState(TimeSpan.FromMinutes(5)), T0.AddMinutes(10));
        Assert.Equal(RestartAction.RestartNow, longRun.Action);
        Assert.Equal(new BackoffState(TimeSpan.FromSeconds(10)), longRun.NextState);

        var shortRun = _backoff.Decide(RestartPolicy.Always, 1, T0, T0.AddMinutes(9), new BackoffState(TimeSpan.FromMinutes(5)), T0.AddMinutes(9));
        Assert.Equal(RestartAction.BackOff, shortRun.Action);
        Assert.Equal("back-off 5m0s restarting failed container= pod=", shortRun.Message);
    }
}
