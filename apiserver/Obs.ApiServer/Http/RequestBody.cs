using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.Api.Serialization;

namespace Obs.ApiServer.Http;

/// <summary>Reads request bodies: bounded in size, then decoded from JSON, YAML or Kubernetes protobuf.</summary>
public static class RequestBody
{
    /// <summary>Kubernetes' limit for a request body.</summary>
    public const int MaxBytes = 3 * 1024 * 1024;

    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes) throw ApiErrors.TooLarge(MaxBytes);
        if (request.ContentLength is { } length) return await ReadDeclaredAsync(request.Body, (int)length, cancellationToken);
        var buffer = new ArrayBufferWriter<byte>(4096);
        var stream = request.Body;
        while (true)
        {
            // No size hint: the writer doubles as it fills, where a fixed hint made every body a 16 KB buffer or more.
            var memory = buffer.GetMemory();
            var read = await stream.ReadAsync(memory, cancellationToken);
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBytes) throw ApiErrors.TooLarge(MaxBytes);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A body whose length the request declared, read into an array of that length: one allocation of the body's size
    /// (a create is a few hundred bytes). The server holds the body to its declared length.
    /// </summary>
    private static async Task<byte[]> ReadDeclaredAsync(Stream stream, int length, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var read = await stream.ReadAsync(body.AsMemory(filled), cancellationToken);
            if (read == 0) return body.AsSpan(0, filled).ToArray();
            filled += read;
        }
        return body;
    }

    /// <summary>Parses bytes as JSON, or as YAML when they do not start like JSON; 400 with the parser's message when malformed.</summary>
    public static JsonNode ParseJsonOrYaml(byte[] body, bool yamlAllowed)
    {
        var span = body.AsSpan().TrimStart(" \t\r\n"u8);
        if (span.Length == 0) throw ApiErrors.BadRequest("the request body is empty");
        if (span[0] is (byte)'{' or (byte)'[' || !yamlAllowed) return ParseJson(body);
        try
        {
            return YamlToJson.Parse(Encoding.UTF8.GetString(body)) ?? throw ApiErrors.BadRequest("the request body is empty");
        }
        catch (FormatException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }
    }

    public static JsonNode ParseJson(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 200 })
                   ?? throw ApiErrors.BadRequest("the request body is the JSON null, expected an object");
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"error decoding JSON: {e.Message}");
        }
    }

    /// <summary>The body as an object: 400 when it is another JSON value.</summary>
    public static JsonObject AsObject(JsonNode node) =>
        node as JsonObject ?? throw ApiErrors.BadRequest($"the request body must be a JSON object, got {node.GetValueKind().ToString().ToLowerInvariant()}");
}
