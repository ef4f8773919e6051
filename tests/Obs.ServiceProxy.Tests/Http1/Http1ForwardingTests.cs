using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Obs.ServiceProxy.Tests.Http1;

/// <summary>HTTP/1.1 framing through a real service listener, written and read as raw bytes so that the test decides what goes over the wire.</summary>
[Collection(ProxyCollection.Name)]
public sealed class Http1ForwardingTests(ProxyCluster fixture)
{
    private int _requestsSeen;

    /// <summary>
    /// /status/N answers N with the path as body, /chunked answers in chunks without a length, /echo answers the request
    /// body; HEAD, 204 and 304 carry a Content-Length but no body. Every request the endpoint sees is counted.
    /// </summary>
    private Task<TestBackend> BackendAsync() => TestBackend.StartAsync("framing", app => app.Run(async context =>
    {
        Interlocked.Increment(ref _requestsSeen);
        var path = context.Request.Path.Value!;
        if (path.StartsWith("/status/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = int.Parse(path["/status/".Length..], System.Globalization.CultureInfo.InvariantCulture);
            if (context.Response.StatusCode is 204 or 304) return;
            context.Response.ContentLength = path.Length;
            if (!HttpMethods.IsHead(context.Request.Method)) await context.Response.WriteAsync(path);
            return;
        }
        if (path == "/chunked")
        {
            foreach (var part in new[] { "one,", "two,", "three" })
            {
                await context.Response.WriteAsync(part);
                await context.Response.Body.FlushAsync();
            }
            return;
        }
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        await context.Response.WriteAsync($"echo:{body}");
    }));

    private async Task<IPAddress> ServiceAsync(string name, TestBackend backend) => (await ServiceAsync(name, backend.Port)).Ip;

    /// <summary>A service <paramref name="name"/> on port 80 whose one endpoint (slice <c>name-0</c>) is 127.0.0.1:<paramref name="port"/>.</summary>
    private async Task<(string Ns, IPAddress Ip)> ServiceAsync(string name, int port)
    {
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, name, ip, [ProxyCluster.Port("http", 80)]);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, name, $"{name}-0", [("127.0.0.1", true)], ("http", port, "TCP")));
        await fixture.EndpointsAsync(ip, 80, 1);
        return (ns, ip);
    }

    /// <summary>Sends <paramref name="requests"/> in one write and reads until the proxy closes the connection.</summary>
    private static async Task<string> ExchangeAsync(IPAddress ip, string requests)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(ip, 80);
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(requests));
        return await new StreamReader(stream, Encoding.ASCII).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static string Get(string path, bool close = false) => $"GET {path} HTTP/1.1\r\nHost: svc\r\n{(close ? "Connection: close\r\n" : "")}\r\n";

    [Fact]
    public async Task PipelinedRequestsAreAnsweredInOrder()
    {
        await using var backend = await BackendAsync();
        var ip = await ServiceAsync("pipelined", backend);

        var answer = await ExchangeAsync(ip, Get("/status/200") + Get("/status/500") + Get("/status/404", close: true));

        var first = answer.IndexOf("HTTP/1.1 200", StringComparison.Ordinal);
        var second = answer.IndexOf("HTTP/1.1 500", StringComparison.Ordinal);
        var third = answer.IndexOf("HTTP/1.1 404", StringComparison.Ordinal);
        Assert.True(first == 0 && second > first && third > second, answer);
        Assert.EndsWith("Connection: close\r\n\r\n/status/404", answer);
    }

    [Fact]
    public async Task ResponsesWithoutBodiesKeepTheConnectionInStep()
    {
        await using var backend = await BackendAsync();
        var ip = await ServiceAsync("nobody", backend);

        // Each of these carries a Content-Length and no body: a proxy that waited for one would hang before the last GET.
        var answer = await ExchangeAsync(ip,
            "HEAD /status/200 HTTP/1.1\r\nHost: svc\r\n\r\n" + Get("/status/204") + Get("/status/304") + Get("/status/200", close: true));

        var heads = answer.Split("HTTP/1.1 ").Skip(1).Select(r => r[..3]).ToList();
        Assert.Equal(["200", "204", "304", "200"], heads);
        // Nothing between one head's empty line and the next status line.
        Assert.Contains("\r\n\r\nHTTP/1.1 204", answer);
        Assert.Contains("\r\n\r\nHTTP/1.1 304", answer);
        Assert.Contains("\r\n\r\nHTTP/1.1 200", answer);
        Assert.EndsWith("\r\n\r\n/status/200", answer);
    }

    [Fact]
    public async Task ChunkedBodiesPassBothWaysAndTheNextRequestFollows()
    {
        await using var backend = await BackendAsync();
        var ip = await ServiceAsync("chunked", backend);

        var answer = await ExchangeAsync(ip,
            "POST /echo HTTP/1.1\r\nHost: svc\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3;x=y\r\nefg\r\n0\r\nX-Trailer: t\r\n\r\n" +
            Get("/chunked") + "POST /echo HTTP/1.1\r\nHost: svc\r\nContent-Length: 3\r\nConnection: close\r\n\r\nxyz");

        Assert.Contains("echo:abcdefg", answer);
        Assert.Contains("Transfer-Encoding: chunked", answer);
        Assert.Contains("4\r\none,\r\n4\r\ntwo,\r\n5\r\nthree\r\n0\r\n\r\n", answer);
        Assert.EndsWith("Connection: close\r\n\r\n8\r\necho:xyz\r\n0\r\n\r\n", answer);
    }

    [Theory]
    [InlineData("POST /echo HTTP/1.1\r\nHost: svc\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", "both Content-Length and Transfer-Encoding")]
    [InlineData("GET /echo HTTP/1.1\r\nHost: svc\r\nBad Header: 1\r\n\r\n", "malformed header field")]
    [InlineData("GET /echo HTTP/1.1\r\n\r\n", "a request needs exactly one Host")]
    public async Task MalformedRequestIsAnswered400AndClosedWithoutReachingTheEndpoint(string request, string reason)
    {
        await using var backend = await BackendAsync();
        var ip = await ServiceAsync("malformed", backend);

        var answer = await ExchangeAsync(ip, request);

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer);
        Assert.Contains("Connection: close\r\n", answer);
        Assert.EndsWith($"\r\n\r\n{reason}\n", answer);
        Assert.Equal(0, _requestsSeen);
    }

    [Fact]
    public async Task MalformedRequestAfterAGoodOneIsAnsweredAfterIt()
    {
        await using var backend = await BackendAsync();
        var ip = await ServiceAsync("malformedlater", backend);

        var answer = await ExchangeAsync(ip, Get("/status/200") + "GET /x HTTP/1.1\r\nHost: svc\r\nHost: again\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
        Assert.EndsWith("a request needs exactly one Host\n", answer);
        Assert.Contains("/status/200HTTP/1.1 400 Bad Request\r\n", answer);
        Assert.Equal(1, _requestsSeen);
    }

    [Fact]
    public async Task ResponseThatRunsToTheCloseEndsTheClientConnection()
    {
        // An HTTP/1.0 server without a length: its body ends when it closes, so the client's connection must close too.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serving = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var buffer = new byte[4096];
            var head = "";
            while (!head.Contains("\r\n\r\n", StringComparison.Ordinal)) head += Encoding.ASCII.GetString(buffer, 0, await socket.ReceiveAsync(buffer));
            await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it"));
            socket.Shutdown(SocketShutdown.Both);
            return head;
        });
        var (_, ip) = await ServiceAsync("http10", ((IPEndPoint)listener.LocalEndpoint).Port);

        var answer = await ExchangeAsync(ip, Get("/whatever"));

        Assert.Equal("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nall of it", answer);
        var seen = await serving;
        Assert.StartsWith("GET /whatever HTTP/1.1\r\nHost: svc\r\n", seen);
        Assert.Contains("X-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: svc\r\n\r\n", seen);
    }

    [Fact]
    public async Task KeepAliveConnectionMovesWhenItsEndpointIsNoLongerReady()
    {
        await using var a = await TestBackend.EchoAsync("a");
        await using var b = await TestBackend.EchoAsync("b");
        var (ns, ip) = await ServiceAsync("moves", a.Port);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(ip, 80);
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Get("/")));
        Assert.Contains("\"backend\":\"a\"", await ReadResponseAsync(stream));

        await fixture.ReplaceSliceAsync(ProxyCluster.Slice(ns, "moves", "moves-0", [("127.0.0.1", true)], ("http", b.Port, "TCP")));

        // Request after request on the same client connection: the proxy moves it at a boundary instead of closing it.
        await ProxyCluster.EventuallyAsync(async () =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(Get("/")));
            return (await ReadResponseAsync(stream)).Contains("\"backend\":\"b\"", StringComparison.Ordinal);
        }, () => "requests on the open connection to reach b");
    }

    [Fact]
    public async Task AnIdleKeepAliveConnectionIsClosedAfterTheTimeoutAndABusyOneIsNot()
    {
        // Requests closer together than the timeout keep the connection (the fixture's timeout is a few seconds);
        // then nothing, and the proxy ends the connection, as Kestrel's keep-alive timeout did.
        await KeepsAliveThenClosesAsync("idle", requests: 3, pause: ProxyCluster.KeepAliveTimeout / 3);
    }

    [Fact]
    public async Task TheIdleTimeoutCountsFromTheLastResponse()
    {
        // Each pause is shorter than the timeout, but together they pass it more than once after the first response:
        // the connection stays because it was never idle for a whole timeout at a stretch.
        await KeepsAliveThenClosesAsync("idle-again", requests: 4, pause: ProxyCluster.KeepAliveTimeout * 0.7);
    }

    /// <summary>Sends <paramref name="requests"/> on one connection with <paramref name="pause"/> after each answer, then expects the proxy to close it.</summary>
    private async Task KeepsAliveThenClosesAsync(string name, int requests, TimeSpan pause)
    {
        await using var backend = await TestBackend.EchoAsync(name);
        var ip = (await ServiceAsync(name, backend.Port)).Ip;
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(ip, 80);
        await using var stream = new NetworkStream(socket);
        for (var i = 0; i < requests; i++)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(Get("/")));
            Assert.Contains($"\"backend\":\"{name}\"", await ReadResponseAsync(stream));
            if (i < requests - 1) await Task.Delay(pause);
        }
        var buffer = new byte[1];
        Assert.Equal(0, await stream.ReadAsync(buffer).AsTask().WaitAsync(ProxyCluster.KeepAliveTimeout * 6));
    }

    /// <summary>Reads one response with a Content-Length from <paramref name="stream"/>.</summary>
    private static async Task<string> ReadResponseAsync(Stream stream)
    {
        var bytes = new List<byte>();
        var buffer = new byte[1];
        while (bytes.Count < 4 || Encoding.ASCII.GetString(bytes.TakeLast(4).ToArray()) != "\r\n\r\n")
        {
            Assert.Equal(1, await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
            bytes.Add(buffer[0]);
        }
        var head = Encoding.ASCII.GetString(bytes.ToArray());
        var lengthAt = head.IndexOf("Content-Length: ", StringComparison.OrdinalIgnoreCase) + "Content-Length: ".Length;
        var body = new byte[int.Parse(head[lengthAt..head.IndexOf('\r', lengthAt)], System.Globalization.CultureInfo.InvariantCulture)];
        await stream.ReadExactlyAsync(body).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        return head + Encoding.UTF8.GetString(body);
    }
}
