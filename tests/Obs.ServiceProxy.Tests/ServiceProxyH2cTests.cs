using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Obs.ServiceProxy.Tests;

/// <summary>
/// Service ports declared HTTP/2 cleartext (appProtocol <c>kubernetes.io/h2c</c>, <c>grpc</c>, names <c>grpc-*</c>, <c>http2</c>):
/// a real HTTP/2 client with prior knowledge talks to the proxy, which talks HTTP/2 with prior knowledge to a real
/// Kestrel h2c backend.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class ServiceProxyH2cTests(ProxyCluster fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>A service with one h2c port whose only endpoint is <paramref name="backend"/>.</summary>
    private async Task<(string Ns, IPAddress Ip)> H2cServiceAsync(string name, TestBackend backend, string? portName, string? appProtocol, int port)
    {
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, name, ip, [ProxyCluster.Port(portName, port, appProtocol: appProtocol)]);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, name, name + "-0", [("127.0.0.1", true)], (portName ?? "", backend.Port, "TCP")));
        await fixture.EndpointsAsync(ip, port, 1);
        Assert.Contains(fixture.Proxy.Serving, s => s.StartsWith($"{ip}:{port}/TCP → {ns}/{name}:", StringComparison.Ordinal) && s.Contains("(Http2,", StringComparison.Ordinal));
        return (ns, ip);
    }

    private static HttpRequestMessage H2(HttpMethod method, string url, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TE.ParseAdd("trailers");
        return request;
    }

    private async Task<string> ScrapeCountedAsync(string ns, string line)
    {
        var text = "";
        await ProxyCluster.EventuallyAsync(() => (text = fixture.Scrape()).Contains(line, StringComparison.Ordinal),
            () => $"the line {line} in:\n{string.Join('\n', text.Split('\n').Where(l => l.Contains(ns, StringComparison.Ordinal)))}");
        return text;
    }

    [Fact]
    public async Task H2cPortStreamsEachMessageBothWaysAndPassesTrailers()
    {
        // An echo stream like a bidirectional gRPC call: headers first, then one answer per line as each line arrives,
        // the count in a trailer once the client has finished. Through a proxy that held either direction back, the
        // conversation below could not go on, because the client sends its next line only after the last answer.
        await using var backend = await TestBackend.StartAsync("chat", app => app.Run(async context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["x-protocol"] = context.Request.Protocol;
            await context.Response.Body.FlushAsync();
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var lines = 0;
            while (await reader.ReadLineAsync() is { } line)
            {
                lines++;
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($"echo: {line}\n"));
                await context.Response.Body.FlushAsync();
            }
            context.Response.AppendTrailer("grpc-status", "0");
            context.Response.AppendTrailer("x-lines", lines.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }), http2: true);
        var (ns, ip) = await H2cServiceAsync("chat", backend, "api", "kubernetes.io/h2c", 8080);
        using var client = ProxyClients.Create();

        // Twice: the second call rides the proxy's pooled HTTP/2 connection to the backend, where nothing but the
        // proxy's own flush sends the request's HEADERS frame on before the first message.
        for (var call = 0; call < 2; call++) await TalkAsync(client, ip);

        await ScrapeCountedAsync(ns,
            $"http_server_request_duration_seconds_count{{http_request_method=\"POST\",http_response_status_code=\"200\",namespace=\"{ns}\",service=\"chat\"}} 2\n");
    }

    private static async Task TalkAsync(HttpClient client, System.Net.IPAddress ip)
    {
        var body = new DuplexContent();
        using var request = H2(HttpMethod.Post, $"http://{ip}:8080/chat.Chat/Talk", body);
        // Like a client that waits for the response headers before it sends anything: the proxy must pass them on
        // while the backend waits for the first message.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Patience);
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (response.StatusCode, response.Version));
        Assert.Equal("HTTP/2", response.Headers.GetValues("x-protocol").Single());
        using var answers = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        foreach (var line in new[] { "one", "two", "three" })
        {
            await body.SendAsync(line + "\n");
            Assert.Equal("echo: " + line, await answers.ReadLineAsync().WaitAsync(Patience));
        }
        body.Complete();
        Assert.Null(await answers.ReadLineAsync().WaitAsync(Patience));
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Equal("3", response.TrailingHeaders.GetValues("x-lines").Single());
    }

    [Fact]
    public async Task GrpcStylePortSpeaksH2cWithTrailers()
    {
        await using var backend = await TestBackend.StartAsync("grpc", app => app.Run(async context =>
        {
            var request = new MemoryStream();
            await context.Request.Body.CopyToAsync(request);
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["x-protocol"] = context.Request.Protocol;
            context.Response.AppendTrailer("grpc-status", "0");
            context.Response.AppendTrailer("grpc-message", "ok " + request.Length);
            await context.Response.Body.WriteAsync(new byte[] { 0, 0, 0, 0, 2, 8, 1 });
        }), http2: true);
        var (_, ip) = await H2cServiceAsync("grpc", backend, "grpc", null, 50051);
        using var client = ProxyClients.Create();

        using var request = H2(HttpMethod.Post, $"http://{ip}:50051/echo.Echo/Say", new ByteArrayContent([0, 0, 0, 0, 3, 10, 1, 65]));
        request.Content!.Headers.ContentType = new("application/grpc");
        using var response = await client.SendAsync(request).WaitAsync(Patience);

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (response.StatusCode, response.Version));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 2, 8, 1 }, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("HTTP/2", response.Headers.GetValues("x-protocol").Single());
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Equal("ok 8", response.TrailingHeaders.GetValues("grpc-message").Single());
    }

    [Theory]
    [InlineData("http2", null)]
    [InlineData("web", "grpc")]
    [InlineData(null, "http2")]
    public async Task EveryH2cDeclarationReachesTheBackendOverHttp2AndIsCountedWithItsStatus(string? portName, string? appProtocol)
    {
        // /missing answers a gRPC error the way gRPC does without a body (trailers-only: grpc-status among the headers).
        await using var backend = await TestBackend.StartAsync("h2", app => app.Run(context =>
        {
            context.Response.Headers["x-protocol"] = context.Request.Protocol;
            if (context.Request.Path == "/missing") context.Response.StatusCode = StatusCodes.Status404NotFound;
            else if (context.Request.Path == "/unimplemented") context.Response.Headers["grpc-status"] = "12";
            return Task.CompletedTask;
        }), http2: true);
        var name = "h2-" + (portName ?? "none") + "-" + (appProtocol ?? "none");
        var (ns, ip) = await H2cServiceAsync(name, backend, portName, appProtocol, 9090);
        using var client = ProxyClients.Create();

        foreach (var (path, status) in new[] { ("/ok", HttpStatusCode.OK), ("/missing", HttpStatusCode.NotFound), ("/unimplemented", HttpStatusCode.OK) })
        {
            using var response = await client.SendAsync(H2(HttpMethod.Get, $"http://{ip}:9090{path}")).WaitAsync(Patience);
            Assert.Equal((status, HttpVersion.Version20), (response.StatusCode, response.Version));
            Assert.Equal("HTTP/2", response.Headers.GetValues("x-protocol").Single());
            if (path == "/unimplemented") Assert.Equal("12", response.Headers.GetValues("grpc-status").Single());
        }

        var labels = $"namespace=\"{ns}\",service=\"{name}\"";
        var text = await ScrapeCountedAsync(ns, $"http_server_request_duration_seconds_count{{http_request_method=\"GET\",http_response_status_code=\"200\",{labels}}} 2\n");
        Assert.Contains($"http_server_request_duration_seconds_count{{http_request_method=\"GET\",http_response_status_code=\"404\",{labels}}} 1\n", text);
    }

    [Fact]
    public async Task H2cPortWithoutReadyEndpointsAnswers503OverHttp2()
    {
        await using var backend = await TestBackend.StartAsync("idle", app => app.Run(_ => Task.CompletedTask), http2: true);
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, "idle", ip, [ProxyCluster.Port("grpc", 50051)]);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "idle", "idle-0", [("127.0.0.1", false)], ("grpc", backend.Port, "TCP")));
        await fixture.EndpointsAsync(ip, 50051, 0);
        using var client = ProxyClients.Create();

        using var response = await client.SendAsync(H2(HttpMethod.Post, $"http://{ip}:50051/idle.Idle/Wait", new ByteArrayContent([0, 0, 0, 0, 0]))).WaitAsync(Patience);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpVersion.Version20), (response.StatusCode, response.Version));
        Assert.Equal($"no ready endpoints for service {ns}/idle:grpc\n", await response.Content.ReadAsStringAsync());
        await ScrapeCountedAsync(ns,
            $"http_server_request_duration_seconds_count{{http_request_method=\"POST\",http_response_status_code=\"503\",namespace=\"{ns}\",service=\"idle\"}} 1\n");
    }
}
