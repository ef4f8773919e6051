namespace Obs.Dashboard.Tests.Hosting;

/// <summary>
/// A /live stream opened as the browser's SSE extension opens it, already past the ": connected"
/// comment, with a 60 s safety net so a broken stream fails the test instead of hanging it (not a speed check).
/// </summary>
public sealed class LiveStream : IDisposable
{
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private LiveStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public string? MediaType => _response.Content.Headers.ContentType?.MediaType;

    public static async Task<LiveStream> OpenAsync(DashboardBrowser browser, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/live?" + query);
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await browser.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = new LiveStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        var first = await stream._reader.ReadLineAsync(stream._stop.Token);
        if (first != ": connected")
        {
            stream.Dispose();
            throw new InvalidOperationException($"/live?{query} answered {(int)response.StatusCode} and began with \"{first}\"");
        }
        return stream;
    }

    /// <summary>Reads until the event named <paramref name="topic"/> and returns its data line (null if the stream ended first).</summary>
    public async Task<string?> NextEventAsync(string topic)
    {
        string? line;
        do line = await _reader.ReadLineAsync(_stop.Token);
        while (line is not null && line != "event: " + topic);
        return line is null ? null : await _reader.ReadLineAsync(_stop.Token);
    }

    /// <summary>Reads until the next event and returns its name (null if the stream ended first).</summary>
    public async Task<string?> NextEventNameAsync()
    {
        string? line;
        do line = await _reader.ReadLineAsync(_stop.Token);
        while (line is not null && !line.StartsWith("event: ", StringComparison.Ordinal));
        return line?["event: ".Length..];
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
        _stop.Dispose();
    }
}
