using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Obs.NodeAgent.Probes;

namespace Obs.NodeAgent.Tests.Probes;

public sealed class HandlerRunnerTests
{
    // Generous: the test machines are shared, and only HttpGetTimesOut is about timing.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static Handler Parse(string json) => Handler.FromJson(JsonNode.Parse(json)!.AsObject());

    [Theory]
    [InlineData(200, ProbeResult.Success)]
    [InlineData(204, ProbeResult.Success)]
    [InlineData(302, ProbeResult.Success)]
    [InlineData(399, ProbeResult.Success)]
    [InlineData(400, ProbeResult.Failure)]
    [InlineData(500, ProbeResult.Failure)]
    public async Task HttpGetSucceedsFrom200To399(int status, ProbeResult expected)
    {
        using var server = new TinyHttpServer { Status = status };
        var handler = Parse($$$"""{"httpGet":{"path":"/healthz","port":{{{server.Port}}}}}""");

        var outcome = await HandlerRunner.RunAsync(handler, new FakeTarget(TimeProvider.System, 0), Timeout);

        Assert.Equal(expected, outcome.Result);
        if (expected == ProbeResult.Failure)
        {
            Assert.Equal($"HTTP probe failed with statuscode: {status}", outcome.Message);
        }
    }

    [Fact]
    public async Task HttpGetSendsPathHeadersAndResolvesNamedPorts()
    {
        using var server = new TinyHttpServer();
        var target = new FakeTarget(TimeProvider.System, 0);
        target.Ports["http"] = server.Port;
        var handler = Parse("""{"httpGet":{"path":"/ready?x=1","port":"http","scheme":"HTTP","httpHeaders":[{"name":"X-Probe","value":"yes"},{"name":"Host","value":"example.test"}]}}""");

        var outcome = await HandlerRunner.RunAsync(handler, target, Timeout);

        Assert.Equal(ProbeOutcome.Success, outcome);
        var request = Assert.Single(server.Requests);
        Assert.StartsWith("GET /ready?x=1 HTTP/1.1\r\n", request);
        Assert.Contains("\r\nX-Probe: yes\r\n", request);
        Assert.Contains("\r\nHost: example.test\r\n", request);
        Assert.Contains($"\r\nUser-Agent: {HandlerRunner.UserAgent}\r\n", request);
    }

    [Fact]
    public async Task HttpGetTimesOut()
    {
        using var server = new TinyHttpServer { Delay = TimeSpan.FromSeconds(5) };
        var handler = Parse($$$"""{"httpGet":{"port":{{{server.Port}}}}}""");

        var outcome = await HandlerRunner.RunAsync(handler, new FakeTarget(TimeProvider.System, 0), TimeSpan.FromMilliseconds(200));

        Assert.Equal(ProbeResult.Failure, outcome.Result);
        Assert.Contains("context deadline exceeded", outcome.Message);
    }

    [Fact]
    public async Task UnknownNamedPortFails()
    {
        var outcome = await HandlerRunner.RunAsync(Parse("""{"tcpSocket":{"port":"metrics"}}"""), new FakeTarget(TimeProvider.System, 0), Timeout);
        Assert.Equal(ProbeOutcome.Failure("unknown port metrics"), outcome);
    }

    [Fact]
    public async Task TcpSocketSucceedsWhenListeningAndFailsWhenNot()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var handler = Parse($$$"""{"tcpSocket":{"port":{{{port}}}}}""");
        var target = new FakeTarget(TimeProvider.System, 0);

        Assert.Equal(ProbeOutcome.Success, await HandlerRunner.RunAsync(handler, target, Timeout));
        listener.Stop();

        // Keep the port bound but not listening, so no other test's listener can take it meanwhile.
        using var holder = new System.Net.Sockets.Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, port));
        var refused = await HandlerRunner.RunAsync(handler, target, Timeout);
        Assert.Equal(ProbeResult.Failure, refused.Result);
        Assert.Equal($"dial tcp 127.0.0.1:{port}: connect: connection refused", refused.Message);
    }

    [Fact]
    public async Task HttpGetToAPortNobodyListensOnSaysConnectionRefusedAsTheKubeletDoes()
    {
        // A bound port that does not listen: refused, and no other test's listener can take it meanwhile.
        using var holder = new System.Net.Sockets.Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var handler = Parse($$$"""{"httpGet":{"path":"/healthz","port":{{{port}}}}}""");

        var refused = await HandlerRunner.RunAsync(handler, new FakeTarget(TimeProvider.System, 0), Timeout);

        Assert.Equal(ProbeResult.Failure, refused.Result);
        Assert.Equal($"Get \"http://127.0.0.1:{port}/healthz\": dial tcp 127.0.0.1:{port}: connect: connection refused", refused.Message);
    }

    [Fact]
    public async Task ExecSucceedsOnExitZero()
    {
        var handler = Parse("""{"exec":{"command":["cat","/tmp/healthy"]}}""");
        Assert.Equal(new ExecHandler(["cat", "/tmp/healthy"]), handler);

        Assert.Equal(ProbeOutcome.Success, await HandlerRunner.RunAsync(handler, new FakeTarget(TimeProvider.System, 0), Timeout));
        Assert.Equal(ProbeOutcome.Failure("command failed with exit code 1: bad"), await HandlerRunner.RunAsync(handler, new FakeTarget(TimeProvider.System, 1), Timeout));
    }

    [Fact]
    public async Task GrpcIsSaidToBeUnsupported()
    {
        var outcome = await HandlerRunner.RunAsync(Parse("""{"grpc":{"port":9000}}"""), new FakeTarget(TimeProvider.System, 0), Timeout);
        Assert.Equal(ProbeOutcome.Failure("grpc probes are not supported by the process runtime"), outcome);
    }
}
