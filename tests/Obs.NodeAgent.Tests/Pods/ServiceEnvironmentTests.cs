using System.Text.Json.Nodes;
using Obs.NodeAgent.Pods;

namespace Obs.NodeAgent.Tests.Pods;

public sealed class ServiceEnvironmentTests
{
    [Fact]
    public void EachServiceGivesHostPortAndLinkVariables()
    {
        var service = (JsonObject)JsonNode.Parse("""{"metadata":{"name":"redis-main"},"spec":{"clusterIP":"127.77.0.9","ports":[{"name":"db","port":6379,"protocol":"TCP"}]}}""")!;
        var headless = (JsonObject)JsonNode.Parse("""{"metadata":{"name":"headless"},"spec":{"clusterIP":"None","ports":[{"port":80}]}}""")!;
        Assert.Equal(
        [
            new("REDIS_MAIN_SERVICE_HOST", "127.77.0.9"),
            new("REDIS_MAIN_SERVICE_PORT", "6379"),
            new("REDIS_MAIN_SERVICE_PORT_DB", "6379"),
            new("REDIS_MAIN_PORT", "tcp://127.77.0.9:6379"),
            new("REDIS_MAIN_PORT_6379_TCP", "tcp://127.77.0.9:6379"),
            new("REDIS_MAIN_PORT_6379_TCP_PROTO", "tcp"),
            new("REDIS_MAIN_PORT_6379_TCP_PORT", "6379"),
            new("REDIS_MAIN_PORT_6379_TCP_ADDR", "127.77.0.9"),
        ], ServiceEnvironment.For([service, headless]));
    }
}
