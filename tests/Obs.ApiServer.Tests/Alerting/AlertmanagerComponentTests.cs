using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Alerting;

/// <summary>The Alertmanager `obs up` runs: a background process with pid, log, port and generated configuration under the cluster home.</summary>
public sealed class AlertmanagerComponentTests : IAsyncLifetime
{
    private readonly ClusterHome _home = new(Directory.CreateTempSubdirectory("obs-amhome-").FullName);
    private AlertmanagerComponent _component = null!;

    private static AlertmanagerConfigOptions Config => new()
    {
        ReceiverUrl = "https://127.0.0.1:6443/alerting/v1/webhook",
        BearerToken = "token",
        CaFile = TestPki.Pki.CaCertFile,
    };

    public Task InitializeAsync()
    {
        _component = new AlertmanagerComponent(_home, FreePort.Next());
        return Task.CompletedTask;
    }

    [Fact]
    public async Task UpStartsItOnceAndDownStopsIt()
    {
        var log = new StringWriter();
        var url = await _component.UpAsync(Config, log, CancellationToken.None);
        Assert.Equal(url, _component.Url);
        using var http = new HttpClient();
        Assert.Equal("OK", (await http.GetStringAsync($"{url}/-/ready")).Trim());
        Assert.Equal(AlertmanagerConfig.Render(Config), await File.ReadAllTextAsync(_component.ConfigFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_component.ConfigFile));
        var pid = int.Parse(await File.ReadAllTextAsync(_home.PidFile("alertmanager")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"alertmanager   started (pid {pid}) at {url}\n", log.ToString());

        var again = new StringWriter();
        Assert.Equal(url, await _component.UpAsync(Config with { BearerToken = "other" }, again, CancellationToken.None));
        Assert.Equal($"alertmanager   running (pid {pid}) at {url}\n", again.ToString());
        Assert.Contains("credentials: \"other\"", await File.ReadAllTextAsync(_component.ConfigFile), StringComparison.Ordinal);

        var status = new StringWriter();
        _component.Status(status);
        Assert.Equal($"alertmanager   running (pid {pid}) at {url}\n", status.ToString());

        var down = new StringWriter();
        await _component.DownAsync(down);
        Assert.Equal($"alertmanager   stopped (pid {pid})\n", down.ToString());
        Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal));
        Assert.Null(_component.Url);
    }

    public async Task DisposeAsync()
    {
        await _component.DownAsync(TextWriter.Null);
        try { Directory.Delete(_home.Root, recursive: true); } catch (IOException) { }
    }
}
