using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.ApiServer.Cache;

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

    public static Task WriteErrorAsync(HttpContext context, ApiException error)
    {
        // As Kubernetes does: a Status that says when to retry says it in the header too.
        if (error.Details?["retryAfterSeconds"] is JsonValue retry && retry.TryGetValue<int>(out var seconds) && seconds > 0)
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WriteJsonAsync(context, error.Code, error.ToStatus());
    }

    /// <summary>How much a long response collects before it is handed to the connection.</summary>
    internal const int FlushBytes = 64 * 1024;

    /// <summary>
    /// Hands what the writer holds to the response and waits while the client is behind. The writer's own
    /// FlushAsync only commits to the pipe (it has no stream to flush), so a LIST written that way sat whole
    /// in the pipe's buffers until its end (a LIST of 50,000 Pods left the managed heap 100 MB above where it
    /// was, 35 MB with this).
    /// </summary>
    internal static async ValueTask SendAsync(Utf8JsonWriter writer, PipeWriter output)
    {
        writer.Flush();
        await output.FlushAsync();
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
            for (var i = 0; i < items.Count; i++)
            {
                writer.WriteRawValue(items[i].Json, skipInputValidation: true);
                if (writer.BytesPending > FlushBytes) await SendAsync(writer, output);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync();
        }
    }
}
