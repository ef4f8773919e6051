using System.Text.Json.Nodes;

namespace Obs.Testing;

/// <summary>Reads a watch stream line by line: one event per line, as Kubernetes sends them.</summary>
public sealed class WatchReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private WatchReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public int StatusCode => (int)_response.StatusCode;

    public static async Task<WatchReader> OpenAsync(HttpClient client, string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        return new WatchReader(response, new StreamReader(stream));
    }

    /// <summary>The next event, or null when the stream ended; fails after the timeout.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan? timeout = null) =>
        await NextLineAsync(timeout) is { } line ? JsonNode.Parse(line)!.AsObject() : null;

    /// <summary>The next event's line as it was sent, or null when the stream ended; fails after the timeout.</summary>
    public async Task<string?> NextLineAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await _reader.ReadLineAsync(cts.Token);
    }

    /// <summary>The next event that is not a BOOKMARK.</summary>
    public async Task<JsonObject?> NextChangeAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var e = await NextAsync(timeout);
            if (e is null || e["type"]!.GetValue<string>() != "BOOKMARK") return e;
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
