using System.Text.Json.Nodes;
using Obs.NodeAgent.Pods;

namespace Obs.NodeAgent.Tests.Pods;

public sealed class HostPortsTests
{
    private static JsonObject Container(string ports) => (JsonObject)JsonNode.Parse($$"""{"ports":{{ports}}}""")!;

    [Fact]
    public void FreeDeclaredPortsAreKeptAndTakenOnesReplaced()
    {
        var container = Container("""[{"containerPort":8080,"name":"http"},{"containerPort":9090,"name":"admin-api"},{"containerPort":53,"protocol":"UDP"}]""");
        var ports = new HostPorts(port => port != 9090).Assign("pod-a", container);
        Assert.Equal(8080, ports[0].Assigned);
        Assert.NotEqual(9090, ports[1].Assigned);
        Assert.Equal(53, ports[2].Assigned);
        var env = HostPorts.Environment(ports);
        Assert.Equal(
            [new("PORT", "8080"), new("OBS_PORT_HTTP", "8080"), new("OBS_PORT_ADMIN_API", ports[1].Assigned.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            env);
    }

    [Fact]
    public void APortGivenToOnePodIsNotGivenToAnotherBeforeItIsBound()
    {
        // Two replicas start together: the socket test says 8000 is free for both, as neither listens yet.
        var hostPorts = new HostPorts(_ => true);
        var container = Container("""[{"containerPort":8000}]""");
        var first = Assert.Single(hostPorts.Assign("pod-a", container));
        var second = Assert.Single(hostPorts.Assign("pod-b", container));
        Assert.Equal(8000, first.Assigned);
        Assert.NotEqual(8000, second.Assigned);
        // The same pod may have its own port again (a container of it started anew).
        Assert.Equal(8000, Assert.Single(hostPorts.Assign("pod-a", container)).Assigned);

        hostPorts.Release("pod-a");
        Assert.Equal(8000, Assert.Single(hostPorts.Assign("pod-c", container)).Assigned);
    }

    [Fact]
    public void AnAdoptedContainersPortsAreHeld()
    {
        var hostPorts = new HostPorts(_ => true);
        hostPorts.Reserve("pod-a", [("http", 8000, 8000)]);
        Assert.NotEqual(8000, Assert.Single(hostPorts.Assign("pod-b", Container("""[{"containerPort":8000}]"""))).Assigned);
    }

    [Fact]
    public void AMoveIsDescribedWithTheVariablesThatCarryTheNewPort()
    {
        List<(string?, int, int)> ports = [("http", 8000, 35033), ("admin", 9090, 9090), (null, 7000, 41000)];
        var message = new HostPorts(_ => false).DescribeMoves("pod-a", "web", ports);
        Assert.Equal("containerPort taken on this node, so container \"web\" was given another: " +
            "8000 (http; in use by a program of the node, not a pod) → 35033, in $PORT and $OBS_PORT_HTTP; " +
            "7000 (in use by a program of the node, not a pod) → 41000, in no variable (name the port to get $OBS_PORT_<NAME>). " +
            "It must listen there (a command can say $(PORT); the declared port in its command or args, or in a variable named *PORT*, became the new one); " +
            "Services and probes already follow it", message);
    }

    [Fact]
    public void APortAnotherPodHoldsIsSaidToBeThatPods()
    {
        var hostPorts = new HostPorts(_ => true);
        var container = Container("""[{"containerPort":8000,"name":"http"}]""");
        hostPorts.Assign("pod-a", container);
        var moved = hostPorts.Assign("pod-b", container);
        Assert.StartsWith("containerPort taken on this node, so container \"web\" was given another: 8000 (http; held by another pod) → ",
            hostPorts.DescribeMoves("pod-b", "web", moved));
    }

    [Fact]
    public void VariablesNamedForAPortThatGaveTheDeclaredOneGiveTheNewOne()
    {
        List<KeyValuePair<string, string>> env = [new("PORT", "8000"), new("server_port", "8000"), new("WORKERS", "8000"), new("ADDR", ":8000"),
            new("ADMIN_PORT", "9090"), new("HTTP_PORT", "80000")];
        HostPorts.FollowMoves(env, [("http", 8000, 35033), ("admin", 9090, 9090)]);
        Assert.Equal(["35033", "35033", "8000", ":8000", "9090", "80000"], env.Select(e => e.Value));

        var container = Container("""[{"containerPort":8000}]""");
        container["env"] = JsonNode.Parse("""[{"name":"PORT","value":"8000"},{"name":"WORKERS","value":"8000"},{"name":"P","valueFrom":{"fieldRef":{"fieldPath":"x"}}}]""");
        var followed = HostPorts.FollowMoves(container, [(null, 8000, 35033)]);
        Assert.Equal("""[{"name":"PORT","value":"35033"},{"name":"WORKERS","value":"8000"},{"name":"P","valueFrom":{"fieldRef":{"fieldPath":"x"}}}]""", followed["env"]!.ToJsonString());
        Assert.Equal("8000", container["env"]![0]!["value"]!.GetValue<string>()); // the pod's own spec is not changed
        Assert.Same(container, HostPorts.FollowMoves(container, [(null, 8000, 8000)]));
    }

    [Fact]
    public void TheCommandAndArgsOfTheContainerWhosePortMovedFollowIt()
    {
        var container = Container("""[{"containerPort":8000}]""");
        container["command"] = JsonNode.Parse("""["python3", "-m", "http.server", "8000"]""");
        container["args"] = JsonNode.Parse("""["--bind=0.0.0.0:8000", "--workers", "18000", 3]""");
        var followed = HostPorts.FollowMoves(container, [(null, 8000, 35033)]);
        Assert.Equal("""["python3","-m","http.server","35033"]""", followed["command"]!.ToJsonString());
        Assert.Equal("""["--bind=0.0.0.0:35033","--workers","18000",3]""", followed["args"]!.ToJsonString());
        Assert.Equal("8000", container["command"]![3]!.GetValue<string>()); // the pod's own spec is not changed
    }

    [Fact]
    public void NothingMovedNothingToSay() => Assert.Null(new HostPorts().DescribeMoves("pod-a", "web", [("http", 8000, 8000)]));

    [Fact]
    public void NoPortsNoEnvironment() => Assert.Empty(HostPorts.Environment(new HostPorts().Assign("pod-a", new JsonObject())));
}
