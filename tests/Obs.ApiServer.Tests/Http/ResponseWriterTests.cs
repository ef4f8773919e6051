using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// A long LIST is handed to the connection as it is written, not held whole until its end: held, a LIST of
/// 50,000 Pods (89 MB) sat in the response pipe's buffers, which Kestrel's memory pool kept afterwards.
/// </summary>
public sealed class ResponseWriterTests
{
    /// <summary>The response body: what was sent, and how many times the pipe was flushed into it.</summary>
    private sealed class SentBody : MemoryStream
    {
        public int Flushes { get; private set; }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return base.FlushAsync(cancellationToken);
        }
    }

    private static (HttpContext Context, SentBody Body) Response()
    {
        var body = new SentBody();
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(body));
        return (context, body);
    }

    private static List<CachedObject> Pods(int count) =>
        Enumerable.Range(0, count)
            .Select(i => new CachedObject(new ObjectKey("pods", "default", $"p{i}"), i + 1,
                Encoding.UTF8.GetBytes($$$"""{"metadata":{"name":"p{{{i}}}"},"spec":{"nodeName":"{{{new string('n', 2000)}}}"}}""")))
            .ToList();

    [Fact]
    public async Task AJsonListIsSentInPiecesOfAboutFlushBytesAsItIsWritten()
    {
        var (context, body) = Response();
        var pods = Pods(500); // about 1 MB

        await ResponseWriter.WriteListAsync(context, "v1", "PodList", 500, null, pods);
        var sentWhileWriting = body.Flushes;
        await context.Response.BodyWriter.FlushAsync();

        Assert.InRange(sentWhileWriting, (int)(body.Length / ResponseWriter.FlushBytes) - 1, (int)(body.Length / ResponseWriter.FlushBytes) + 1);
        using var list = JsonDocument.Parse(body.ToArray());
        Assert.Equal(500, list.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal("p499", list.RootElement.GetProperty("items")[499].GetProperty("metadata").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ATableListIsSentInPiecesOfAboutFlushBytesAsItIsWritten()
    {
        var (context, body) = Response();
        var pods = Pods(500);

        await TableWriter.WriteAsync(context, Obs.Api.Resources.ResourceTypes.Pod, new TableRequest("Object"), pods, 500, null, DateTimeOffset.UtcNow);
        var sentWhileWriting = body.Flushes;
        await context.Response.BodyWriter.FlushAsync();

        Assert.InRange(sentWhileWriting, (int)(body.Length / ResponseWriter.FlushBytes) - 1, (int)(body.Length / ResponseWriter.FlushBytes) + 1);
        using var table = JsonDocument.Parse(body.ToArray());
        Assert.Equal(500, table.RootElement.GetProperty("rows").GetArrayLength());
    }
}
