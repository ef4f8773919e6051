using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Obs.ApiServer.Http;
using Obs.ApiServer.PortForward;
using Obs.Forwarding;

namespace Obs.ApiServer.Proxy;

/// <summary>
/// An upgrade (a WebSocket, say) through pods/proxy or services/proxy: the request head goes to the target
/// over a connection of its own with its Connection and Upgrade headers; a 101 upgrades the caller's
/// connection too and the bytes are copied both ways until either side ends. Any other answer is passed on
/// whole, framed as the target framed it (<see cref="UpgradeAnswerBody"/>).
/// </summary>
internal static class UpgradeRelay
{
    /// <param name="dial">Opens the connection to the target, or throws the Status for one that cannot be reached.</param>
    public static async Task RelayAsync(HttpContext context, Func<CancellationToken, Task<Stream>> dial, bool https, ProxyRequestPath path, string query, string host)
    {
        var connection = await dial(context.RequestAborted);
        Stream target;
        try
        {
            target = await ConnectAsync(connection, https, host, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or AuthenticationException)
        {
            await connection.DisposeAsync();
            throw ApiErrors.ServiceUnavailable($"error trying to reach {host} for an upgrade: {e.Message}");
        }
        await using var _ = target;
        var named = HopByHopHeaders.NamedIn(context.Request.Headers.Connection);
        var head = new StringBuilder().Append(context.Request.Method).Append(' ').Append(path.Rest).Append(query).Append(" HTTP/1.1\r\nHost: ").Append(host).Append("\r\n");
        foreach (var (name, values) in context.Request.Headers)
        {
            if (!Sent(name) || (named?.Contains(name) == true && !name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))) continue;
            foreach (var value in values) head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        head.Append("Connection: Upgrade\r\n");
        foreach (var (name, value) in ProxyForwardedHeaders.For(context.Request, path)) head.Append(name).Append(": ").Append(value).Append("\r\n");
        int code;
        Dictionary<string, string> headers;
        try
        {
            await target.WriteAsync(Encoding.Latin1.GetBytes(head.Append("\r\n").ToString()), context.RequestAborted);
            await target.FlushAsync(context.RequestAborted);
            (code, headers) = await AgentPortDialer.ReadHeadAsync(target, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw ApiErrors.ServiceUnavailable($"error trying to reach {host} for an upgrade: {e.Message}");
        }

        context.Response.StatusCode = code;
        string[] reachedAt = [host];
        foreach (var (name, value) in headers)
        {
            // A 101 keeps its Connection and Upgrade: they are what the caller's connection switches by.
            if (HopByHopHeaders.IsHopByHop(name) && !(code == 101 && name is "Connection" or "Upgrade")) continue;
            context.Response.Headers[name] = name.Equals("Location", StringComparison.OrdinalIgnoreCase) ? LocationRewrite.Rewrite(value, path.Prefix, reachedAt) : value;
        }
        if (code != 101)
        {
            await UpgradeAnswerBody.RelayAsync(context, target, code, headers);
            return;
        }
        var client = await context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync();
        var up = CopyAsync(client, target, context.RequestAborted);
        var down = CopyAsync(target, client, context.RequestAborted);
        // Either direction ending ends the relay: a WebSocket closes both ways at once.
        await Task.WhenAny(up, down);
    }

    /// <summary>
    /// Whether a header of the caller's goes to the target: not its credentials (kube-apiserver never passes them on),
    /// nor the hop-by-hop ones but Upgrade, nor what the relay writes itself (Host, Connection, X-Forwarded-*).
    /// </summary>
    private static bool Sent(string name) =>
        !(name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
          || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals(ProxyForwardedHeaders.UriName, StringComparison.OrdinalIgnoreCase)
          || ForwardedHeaders.IsForwardedHeader(name)
          || (HopByHopHeaders.IsHopByHop(name) && !name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)));

    private static async Task<Stream> ConnectAsync(Stream connection, bool https, string host, CancellationToken cancellationToken)
    {
        if (!https) return connection;
        var tls = new SslStream(connection, false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host.Split(':')[0] }, cancellationToken);
        return tls;
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        try
        {
            await StreamCopy.CopyAsync(from, to, cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
