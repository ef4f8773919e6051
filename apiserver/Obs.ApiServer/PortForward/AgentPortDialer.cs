using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.PortForward;

/// <summary>
/// Opens one connection to a pod's port through the node agent: a TLS connection to the agent
/// (its certificate pinned as <see cref="NodeProxy"/> pins it) asking
/// <c>GET /portForward/{ns}/{pod}?port=N</c> with <c>Upgrade: tcp</c> and the caller's own token.
/// A <c>101</c> leaves the connection carrying the pod's bytes; any other answer is a Status whose
/// message says why (no such port, nothing listening).
/// </summary>
internal sealed class AgentPortDialer(string host, long agentPort, string pin, string authorization, string @namespace, string pod, string nodeName)
{
    public async Task<ForwardTarget> DialAsync(int port, CancellationToken cancellationToken)
    {
        var failure = $"error forwarding port {port} to pod {@namespace}/{pod}";
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SslStream? tls = null;
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connect.CancelAfter(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(host.Trim('[', ']'), (int)agentPort, connect.Token);
            tls = new SslStream(new NetworkStream(socket, ownsSocket: true), false, (_, certificate, _, _) => NodeProxy.Pinned(certificate, pin));
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host.Trim('[', ']'),
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }, connect.Token);
            var head = new StringBuilder()
                .Append($"GET /portForward/{Uri.EscapeDataString(@namespace)}/{Uri.EscapeDataString(pod)}?port={port} HTTP/1.1\r\n")
                .Append($"Host: {host}:{agentPort}\r\n")
                .Append(authorization.Length > 0 ? $"Authorization: {authorization}\r\n" : "")
                .Append("Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
            await tls.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), connect.Token);
            await tls.FlushAsync(connect.Token);
            var (code, headers) = await ReadHeadAsync(tls, connect.Token);
            if (code == 101) return new ForwardTarget(tls, null);
            var body = await ReadBodyAsync(tls, headers, connect.Token);
            string? message = null;
            try { message = (JsonNode.Parse(body) as JsonObject)?.StringAt("message"); }
            catch (System.Text.Json.JsonException) { }
            await tls.DisposeAsync();
            return ForwardTarget.Failed(message ?? $"{failure}: the node agent answered {code}", code);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or InvalidDataException)
        {
            if (tls is not null) await tls.DisposeAsync();
            socket.Dispose();
            return ForwardTarget.Failed($"{failure}: node \"{nodeName}\" is unreachable: its node agent at {host}:{agentPort} did not answer ({e.Message})");
        }
    }

    private const int MaxHeadBytes = 16 * 1024;

    internal static async Task<(int Code, Dictionary<string, string> Headers)> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        // Byte by byte, since what follows a 101 is the pod's and must stay in the stream (the TLS layer
        // below buffers, so each read is a copy, not a system call). Only the last four bytes are compared.
        var head = new byte[MaxHeadBytes];
        var length = 0;
        while (length < 4 || !head.AsSpan(length - 4, 4).SequenceEqual("\r\n\r\n"u8))
        {
            if (length == head.Length) throw new InvalidDataException("the node agent's answer has no end of headers");
            if (await stream.ReadAsync(head.AsMemory(length, 1), cancellationToken) == 0) throw new InvalidDataException("the node agent closed the connection");
            length++;
        }
        var lines = Encoding.Latin1.GetString(head, 0, length).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var status = lines[0].Split(' ');
        if (status.Length < 2 || !int.TryParse(status[1], out var code)) throw new InvalidDataException($"the node agent answered \"{lines[0]}\"");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return (code, headers);
    }

    private static async Task<string> ReadBodyAsync(Stream stream, Dictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var length = headers.TryGetValue("Content-Length", out var text) && int.TryParse(text, out var n) ? Math.Min(n, 64 * 1024) : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return Encoding.UTF8.GetString(body);
    }
}
