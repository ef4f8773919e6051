using System.Net.Security;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Obs.ApiServer.Http;
using Obs.ApiServer.PortForward;

namespace Obs.ApiServer.Proxy;

/// <summary>
/// An upgrade (a WebSocket, say) through pods/proxy or services/proxy: the request head goes to the pod
/// over its own tunnel with its Connection and Upgrade headers; a 101 upgrades the caller's connection
/// too and the bytes are copied both ways until either side ends. Any other answer is passed on with the
/// body its Content-Length announces.
/// </summary>
internal static class UpgradeRelay
{
    private static readonly HashSet<string> NotSent = new(StringComparer.OrdinalIgnoreCase) { "Host", "Authorization", "Proxy-Authorization", "Content-Length", "Transfer-Encoding" };

    public static async Task RelayAsync(HttpContext context, AgentPortDialer dialer, int port, bool https, string pathAndQuery, string host, string prefix)
    {
        var dialed = await dialer.DialAsync(port, context.RequestAborted);
        if (dialed.Connection is not { } connection)
            throw dialed.AgentStatus == 401 ? ApiErrors.Unauthorized() : ApiErrors.ServiceUnavailable(dialed.Error ?? "the pod could not be reached");
        await using var pod = https ? await TlsAsync(connection, host, context.RequestAborted) : connection;
        var head = new StringBuilder().Append(context.Request.Method).Append(' ').Append(pathAndQuery).Append(" HTTP/1.1\r\nHost: ").Append(host).Append("\r\n");
        foreach (var (name, values) in context.Request.Headers)
        {
            if (NotSent.Contains(name)) continue;
            foreach (var value in values) head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        int code;
        Dictionary<string, string> headers;
        try
        {
            await pod.WriteAsync(Encoding.Latin1.GetBytes(head.Append("\r\n").ToString()), context.RequestAborted);
            await pod.FlushAsync(context.RequestAborted);
            (code, headers) = await AgentPortDialer.ReadHeadAsync(pod, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw ApiErrors.ServiceUnavailable($"error trying to reach {host} for an upgrade: {e.Message}");
        }

        context.Response.StatusCode = code;
        var reachedAt = new[] { host };
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || (code != 101 && name is "Connection" or "Upgrade")) continue;
            context.Response.Headers[name] = name.Equals("Location", StringComparison.OrdinalIgnoreCase) ? LocationRewrite.Rewrite(value, prefix, reachedAt) : value;
        }
        if (code != 101)
        {
            var length = headers.TryGetValue("Content-Length", out var text) && long.TryParse(text, out var n) ? n : 0;
            var body = new byte[Math.Min(length, 1024 * 1024)];
            await pod.ReadExactlyAsync(body, context.RequestAborted);
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
            return;
        }
        var client = await context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync();
        var up = CopyAsync(client, pod, context.RequestAborted);
        var down = CopyAsync(pod, client, context.RequestAborted);
        // Either direction ending ends the relay: a WebSocket closes both ways at once.
        await Task.WhenAny(up, down);
    }

    private static async Task<Stream> TlsAsync(Stream connection, string host, CancellationToken cancellationToken)
    {
        var tls = new SslStream(connection, false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host.Split(':')[0] }, cancellationToken);
        return tls;
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await to.FlushAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
