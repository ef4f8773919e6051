using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace Obs.ApiServer.Tests.Alerting;

/// <summary>The on-call human's webhook: an HTTP listener on 127.0.0.1 that keeps what it is sent.</summary>
public sealed class ForwardTarget : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<JsonObject> _received = new();

    public ForwardTarget()
    {
        var port = Obs.Testing.FreePort.Next();
        Url = new Uri($"http://127.0.0.1:{port}/hook/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public IReadOnlyList<JsonObject> Received => [.. _received];

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                if (JsonNode.Parse(await reader.ReadToEndAsync()) is JsonObject body) _received.Enqueue(body);
            }
            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    public async Task<JsonObject> WaitForAsync(Func<JsonObject, bool> match)
    {
        for (var i = 0; i < 300; i++)
        {
            if (_received.FirstOrDefault(match) is { } found) return found;
            await Task.Delay(100);
        }
        throw new TimeoutException("the forwarded notification never arrived; got: " + string.Join(", ", _received.Select(r => r.ToJsonString())));
    }

    public void Dispose() => _listener.Close();
}
