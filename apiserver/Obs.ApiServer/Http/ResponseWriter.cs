using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Http;

/// <summary>Writes JSON responses: single objects, lists straight from cached bytes, and Status errors.</summary>
public static class ResponseWriter
{
    /// <summary>Our responses are built from valid JSON, so the writer skips checking their structure.</summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    public static async Task WriteJsonAsync(HttpContext context, int code, JsonNode body, string contentType = MediaTypes.Json)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = contentType;
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions);
        body.WriteTo(writer);
        await writer.FlushAsync();
    }

    public static async Task WriteBytesAsync(HttpContext context, int code, ReadOnlyMemory<byte> json)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = MediaTypes.Json;
        await context.Response.BodyWriter.WriteAsync(json);
    }

    /// <summary>
    /// An object just written, from its stored bytes with its revision put in (<see cref="StoredJson.CopyWithResourceVersion"/>):
    /// the bytes <see cref="WriteJsonAsync"/> would write for the object, without walking its tree a second time.
    /// </summary>
    public static Task WriteStoredAsync(HttpContext context, int code, StoredJson json, long revision)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = MediaTypes.Json;
        return WriteWholeAsync(context.Response.BodyWriter, json.LengthWithResourceVersion(revision), (json, revision),
            static (into, state) => state.json.CopyWithResourceVersion(state.revision, into));
    }

    /// <summary>A cached object, whole: its bytes put together in the response's buffer (<see cref="CachedObject.CopyTo"/>).</summary>
    public static Task WriteCachedAsync(HttpContext context, CachedObject obj)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = MediaTypes.Json;
        return WriteWholeAsync(context.Response.BodyWriter, obj.Length, obj, static (into, obj) => obj.CopyTo(into));
    }

    /// <summary>
    /// Writes the <paramref name="length"/> bytes <paramref name="fill"/> makes straight into the output's buffer and
    /// flushes them, as one piece; a writer that cannot hand out room for them all at once gets them as one array.
    /// </summary>
    internal static async Task WriteWholeAsync<TState>(PipeWriter output, int length, TState state, SpanAction<byte, TState> fill)
    {
        var span = output.GetSpan(length);
        if (span.Length < length)
        {
            var whole = new byte[length];
            fill(whole, state);
            await output.WriteAsync(whole);
            return;
        }
        fill(span, state);
        output.Advance(length);
        await output.FlushAsync();
    }

    public static Task WriteErrorAsync(HttpContext context, ApiException error)
    {
        // As Kubernetes does: a Status that says when to retry says it in the header too.
        if (error.Details?["retryAfterSeconds"] is JsonValue retry && retry.TryGetValue<int>(out var seconds) && seconds > 0)
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WriteJsonAsync(context, error.Code, error.ToStatus());
    }

    /// <summary>How much a long response collects before it is handed to the connection.</summary>
    public const int FlushBytes = 64 * 1024;

    /// <summary>
    /// Whether the writer has written more than <see cref="FlushBytes"/> since <paramref name="sent"/> (what
    /// <see cref="SendAsync"/> returned last). Counted from the start, not from <see cref="Utf8JsonWriter.BytesPending"/>:
    /// the writer commits to the pipe by itself each time it needs another buffer (Kestrel's are 4 KB), so what it
    /// holds pending never reached 64 KB and a LIST was never sent before its end: the whole response waited in the
    /// pipe's buffers (89 MB for 50,000 Pods), which Kestrel's memory pool kept afterwards.
    /// </summary>
    internal static bool SendDue(Utf8JsonWriter writer, long sent) => writer.BytesCommitted + writer.BytesPending - sent > FlushBytes;

    /// <summary>
    /// Hands what the writer holds to the response and waits while the client is behind; returns the count of bytes
    /// sent so far, for <see cref="SendDue"/>. The writer's own FlushAsync only commits to the pipe (it has no stream
    /// to flush), which the client cannot read until the pipe is flushed.
    /// </summary>
    internal static async ValueTask<long> SendAsync(Utf8JsonWriter writer, PipeWriter output)
    {
        writer.Flush();
        await output.FlushAsync();
        return writer.BytesCommitted;
    }

    /// <summary>A <c>...List</c> of cached objects, copying each object's bytes as they are.</summary>
    public static async Task WriteListAsync(HttpContext context, string apiVersion, string listKind, long revision, string? continueToken, IReadOnlyList<CachedObject> items)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = MediaTypes.Json;
        var output = context.Response.BodyWriter;
        await using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", listKind);
            writer.WriteString("apiVersion", apiVersion);
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (continueToken is not null) writer.WriteString("continue", continueToken);
            writer.WriteEndObject();
            writer.WriteStartArray("items");
            long sent = 0;
            for (var i = 0; i < items.Count; i++)
            {
                items[i].WriteTo(writer);
                if (SendDue(writer, sent)) sent = await SendAsync(writer, output);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync();
        }
    }
}
