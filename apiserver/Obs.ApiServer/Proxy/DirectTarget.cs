using System.Net.Sockets;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Proxy;

/// <summary>
/// A target the apiserver dials itself, as kube-apiserver does: a Service's endpoint that is no pod (the
/// <c>kubernetes</c> Service's, which is the apiserver; a hand-made EndpointSlice's) and a node's port other
/// than its agent's. Its certificate is not checked, as kube-apiserver's proxy transport does not: an
/// endpoint's address is no name a CA vouches for.
/// </summary>
internal static class DirectTarget
{
    public static HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectTimeout = TimeSpan.FromSeconds(30),
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>A connection for an upgrade to <paramref name="host"/>:<paramref name="port"/>; 503 when nothing answers there.</summary>
    public static async Task<Stream> DialAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host.Trim('[', ']'), port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw ApiErrors.ServiceUnavailable($"error trying to reach {host}:{port}: {e.Message}");
        }
    }
}
