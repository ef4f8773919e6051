using System.Net;
using System.Text;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Client.Tests.Fakes;
using Obs.Client.Watch;

namespace Obs.Client.Tests.Watch;

/// <summary>How WatchAsync reads a stream, against canned server answers.</summary>
public sealed class WatchStreamTests
{
    /// <param name="readSize">When set, the body arrives this many bytes at a time, as a slow stream would give it.</param>
    private sealed class CannedHandler(HttpStatusCode code, string body, int? readSize) : HttpMessageHandler
    {
        public Uri? RequestUri { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            RequestUri = request.RequestUri;
            HttpContent content = readSize is { } size
                ? new StreamContent(new TricklingStream(Encoding.UTF8.GetBytes(body), size))
                : new StringContent(body, Encoding.UTF8, "application/json");
            return Task.FromResult(new HttpResponseMessage(code) { Content = content });
        }
    }

    private static (ApiClient Client, CannedHandler Handler) Client(string body, HttpStatusCode code = HttpStatusCode.OK, int? readSize = null)
    {
        var handler = new CannedHandler(code, body, readSize);
        var connection = ClusterConnection.Explicit("https://api.test:6443", null, null);
        return (new ApiClient(connection, new ApiClientOptions(), new HttpClient(handler)), handler);
    }

    private static async Task<List<WatchEvent>> ReadAllAsync(ApiClient client, WatchOptions? options = null)
    {
        var events = new List<WatchEvent>();
        await foreach (var e in client.WatchAsync(ResourceTypes.ConfigMap, "ns", options)) events.Add(e);
        return events;
    }

    [Fact]
    public async Task EventsAreReadInOrderUntilTheStreamEnds()
    {
        var (client, handler) = Client("""
            {"type":"ADDED","object":{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"5"}}}
            {"type":"MODIFIED","object":{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"6"}}}

            {"type":"BOOKMARK","object":{"kind":"ConfigMap","metadata":{"resourceVersion":"8"}}}
            {"type":"DELETED","object":{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"9"}}}
            """);
        var events = await ReadAllAsync(client, new WatchOptions { ResourceVersion = "4", LabelSelector = "app=x", TimeoutSeconds = 60 });
        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Bookmark, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal(["5", "6", "8", "9"], events.Select(e => e.ResourceVersion));
        Assert.Null(events[0].Object.Parent);
        Assert.Equal("https://api.test:6443/api/v1/namespaces/ns/configmaps?watch=true&resourceVersion=4&labelSelector=app%3Dx&allowWatchBookmarks=true&timeoutSeconds=60",
            handler.RequestUri!.ToString());
    }

    [Fact]
    public async Task ExpiredErrorEventThrowsResourceExpired()
    {
        var (client, _) = Client("""
            {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 3 (7)","reason":"Expired","code":410}}
            """);
        var e = await Assert.ThrowsAsync<ResourceExpiredException>(() => ReadAllAsync(client));
        Assert.Equal("too old resource version: 3 (7)", e.Message);
    }

    [Fact]
    public async Task OtherErrorEventThrowsApiExceptionAfterTheEventsBeforeIt()
    {
        var (client, _) = Client("""
            {"type":"ADDED","object":{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"5"}}}
            {"type":"ERROR","object":{"kind":"Status","message":"internal error","reason":"InternalError","code":500}}
            """);
        var seen = new List<WatchEvent>();
        var e = await Assert.ThrowsAsync<ApiException>(async () =>
        {
            await foreach (var w in client.WatchAsync(ResourceTypes.ConfigMap, "ns")) seen.Add(w);
        });
        Assert.Single(seen);
        Assert.Equal(500, e.Code);
        Assert.Equal("InternalError", e.Reason);
    }

    [Fact]
    public async Task GoneAnswerThrowsResourceExpired()
    {
        var (client, _) = Client("""{"kind":"Status","code":410,"reason":"Gone","message":"gone"}""", HttpStatusCode.Gone);
        await Assert.ThrowsAsync<ResourceExpiredException>(() => ReadAllAsync(client));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    public async Task LinesAreWholeHoweverTheStreamCutsThem(int readSize)
    {
        // A label of 40,000 characters makes a line longer than the reader's first buffer; the é and the emoji are
        // several bytes each, cut in the middle by reads of 1 or 7 bytes; CRLF and a last line without newline are lines too.
        var big = new string('x', 40_000);
        var body = "{\"type\":\"ADDED\",\"object\":{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"caf\u00e9\",\"resourceVersion\":\"5\"}}}\r\n"
            + "\r\n"
            + $"{{\"type\":\"MODIFIED\",\"object\":{{\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"big\",\"resourceVersion\":\"6\",\"labels\":{{\"l\":\"{big}\"}}}}}}}}\n"
            + "{\"type\":\"DELETED\",\"object\":{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"\ud83d\ude00\",\"resourceVersion\":\"7\"}}}";
        var (client, _) = Client(body, readSize: readSize);

        var events = await ReadAllAsync(client);

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal(["caf\u00e9", "big", "\ud83d\ude00"], events.Select(e => e.Object["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(big, events[1].Object["metadata"]!["labels"]!["l"]!.GetValue<string>());
    }
}
