using System.Text.Json;
using Obs.Cli.Cluster;

namespace Obs.Cli.Tests;

/// <summary>The runtime settings the `obs` command starts with (its obs.runtimeconfig.json).</summary>
public sealed class RuntimeConfigTests
{
    /// <summary>No component speaks HTTP/3; with it on, every HttpClient loads System.Net.Quic, which an idle node agent keeps mapped.</summary>
    [Fact]
    public void Http3IsOffSoHttpClientsNeverLoadQuic()
    {
        var config = Path.ChangeExtension(typeof(LocalCluster).Assembly.Location, ".runtimeconfig.json");
        using var json = JsonDocument.Parse(File.ReadAllText(config));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.TryGetProperty("System.Net.SocketsHttpHandler.Http3Support", out var http3), $"{config} leaves HTTP/3 on");
        Assert.False(http3.GetBoolean());
    }
}
