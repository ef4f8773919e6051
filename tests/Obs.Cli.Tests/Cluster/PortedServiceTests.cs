using System.Net;
using System.Net.Sockets;
using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.Cli.Tests.Cluster;

/// <summary>
/// A port taken between the check and the process's bind (seen under `obs up` after `obs down`: a pod declaring 8080,
/// started by the agent just before, took the dashboard's port, and `up` failed) is left for another one.
/// </summary>
public sealed class PortedServiceTests : IAsyncLifetime
{
    private readonly ClusterHome _home = new(Directory.CreateTempSubdirectory("obs-portedhome-").FullName);
    private readonly PortedService _service;
    private TcpListener? _pod;

    public PortedServiceTests() => _service = new PortedService(_home, "alertmanager", "Alertmanager");

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AProcessWhosePortWasTakenMeanwhileIsStartedOnAnother()
    {
        var binary = await AlertmanagerBinary.EnsureAsync(TextWriter.Null, CancellationToken.None);
        var config = Path.Combine(_home.Root, "alertmanager.yml");
        await File.WriteAllTextAsync(config, AlertmanagerConfig.Render(new AlertmanagerConfigOptions
        {
            ReceiverUrl = "https://127.0.0.1:6443/alerting/v1/webhook",
            BearerToken = "token",
            CaFile = TestPki.Pki.CaCertFile,
        }));
        var storage = Directory.CreateDirectory(Path.Combine(_home.Root, "data")).FullName;
        var preferred = FreePort.Next();
        var log = new StringWriter();

        var url = await _service.StartAsync(binary, preferred, port =>
        {
            // The first port is taken the moment it was chosen, on every address, as a pod's server takes it.
            if (_pod is null)
            {
                _pod = new TcpListener(IPAddress.Any, port);
                _pod.Start();
            }
            return new AlertmanagerLaunch(config, storage, port).Arguments();
        }, log, CancellationToken.None);

        Assert.NotEqual(PortedService.UrlOf(preferred), url);
        Assert.Equal(url, _service.Url);
        using var http = new HttpClient();
        Assert.Equal("OK", (await http.GetStringAsync($"{url}/-/ready")).Trim());
        Assert.StartsWith($"alertmanager   exited at once on port {preferred} (taken meanwhile?); starting it on ", log.ToString(), StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        _pod?.Stop();
        await _service.DownAsync(TextWriter.Null);
        try { Directory.Delete(_home.Root, recursive: true); } catch (IOException) { }
    }
}
