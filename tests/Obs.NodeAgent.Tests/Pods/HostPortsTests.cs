using System.Text.Json.Nodes;
using Obs.NodeAgent.Pods;

namespace Obs.NodeAgent.Tests.Pods;

public sealed class HostPortsTests
{
    [Fact]
    public void FreeDeclaredPortsAreKeptAndTakenOnesReplaced()
    {
        var container = (JsonObject)JsonNode.Parse("""{"ports":[{"containerPort":8080,"name":"http"},{"containerPort":9090,"name":"admin-api"},{"containerPort":53,"protocol":"UDP"}]}""")!;
        var ports = HostPorts.Assign(container, port => port != 9090);
        Assert.Equal(8080, ports[0].Assigned);
        Assert.NotEqual(9090, ports[1].Assigned);
        Assert.Equal(53, ports[2].Assigned);
        var env = HostPorts.Environment(ports);
        Assert.Equal(
            [new("PORT", "8080"), new("OBS_PORT_HTTP", "8080"), new("OBS_PORT_ADMIN_API", ports[1].Assigned.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            env);
    }

    [Fact]
    public void NoPortsNoEnvironment() => Assert.Empty(HostPorts.Environment(HostPorts.Assign(new JsonObject())));
}
