namespace Obs.Cli.Tests.Commands;

/// <summary>
/// <c>obs apiserver</c>'s settings: unusable ones stop it at start (exit 2) with every problem, whether flags or
/// <c>OBS_ALERT_*</c> (what <c>obs up</c> passes on) gave them.
/// </summary>
public sealed class ApiServerCommandTests
{
    private static readonly string[] Required = ["apiserver", "--tls-cert-file", "none.crt", "--tls-private-key-file", "none.key", "--token-auth-file", "none.csv", "--database-url", "Host=127.0.0.1;Port=1"];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UnusableEmailSettingsStopItAtStartNamingEachProblem(bool fromEnvironment)
    {
        var result = fromEnvironment
            ? await ObsCli.RunAsync(Required, new Dictionary<string, string>
            {
                ["OBS_ALERT_EMAIL_SMARTHOST"] = "smtp.example.com",
                ["OBS_ALERT_EMAIL_FROM"] = "obs",
                ["OBS_ALERT_EMAIL_REQUIRE_TLS"] = "maybe",
            })
            : await ObsCli.RunAsync([.. Required, "--alert-email-smarthost", "smtp.example.com", "--alert-email-from", "obs", "--alert-email-require-tls", "maybe"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal([
            "obs apiserver: --alert-email-require-tls \"maybe\" must be true or false",
            "obs apiserver: alert e-mail: smarthost \"smtp.example.com\" must be host:port",
            "obs apiserver: alert e-mail: from \"obs\" must be an e-mail address",
            "obs apiserver: alert e-mail: to needs at least one address",
        ], result.ErrorLines());
    }

    [Fact]
    public async Task AServiceRangeNoAgentCouldListenInStopsItAtStart()
    {
        var result = await ObsCli.RunAsync([.. Required, "--service-cluster-ip-range", "10.96.0.0/12"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("obs apiserver: --service-cluster-ip-range 10.96.0.0/12: must lie in 127.0.0.0/8", result.StdErr);
    }

    [Fact]
    public async Task BadTolerationSecondsStopItAtStartNamingEachFlag()
    {
        var result = await ObsCli.RunAsync([.. Required, "--default-not-ready-toleration-seconds", "5m", "--default-unreachable-toleration-seconds", "-1"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal([
            "obs apiserver: --default-not-ready-toleration-seconds \"5m\" must be a whole number of seconds, 0 or more",
            "obs apiserver: --default-unreachable-toleration-seconds \"-1\" must be a whole number of seconds, 0 or more",
        ], result.ErrorLines());
    }
}
