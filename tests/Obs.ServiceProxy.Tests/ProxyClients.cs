using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Obs.ServiceProxy.Tests;

/// <summary>HTTP clients for talking to the proxy as a pod or host process would, optionally from a chosen loopback address.</summary>
public static class ProxyClients
{
    public static HttpClient Create(IPAddress? from = null, bool pooled = true)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false };
        if (!pooled) handler.PooledConnectionLifetime = TimeSpan.Zero;
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<JsonObject> GetJsonAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<string> BackendAsync(this HttpClient client, string url) => (await client.GetJsonAsync(url))["backend"]!.GetValue<string>();
}
