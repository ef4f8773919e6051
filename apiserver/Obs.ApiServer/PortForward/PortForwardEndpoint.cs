using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Http;
using Obs.ApiServer.Registry;
using Obs.ApiServer.Spdy;

namespace Obs.ApiServer.PortForward;

/// <summary>
/// <c>pods/portforward</c>. kubectl 1.31+ first asks for a WebSocket with subprotocol
/// <c>SPDY/3.1+portforward.k8s.io</c> and tunnels SPDY through its binary messages (KEP-4006);
/// when that is refused, and always before 1.31, it upgrades the HTTP/1.1 connection itself to
/// <c>SPDY/3.1</c> with <c>X-Stream-Protocol-Version: portforward.k8s.io</c>. Both end in the same
/// <see cref="SpdySession"/> here.
/// </summary>
/// <remarks>
/// SPDY ends in the apiserver rather than being relayed to the node agent: the apiserver is where
/// both transports arrive, and each forwarded connection then needs only a plain byte stream to
/// the agent (<see cref="AgentPortDialer"/>), so the agent, which is built natively and kept small,
/// carries no SPDY, zlib or session state of its own. The cost is one TLS connection to the agent
/// per forwarded connection, which kubectl's users open a few at a time.
/// </remarks>
public sealed class PortForwardEndpoint(ObjectRegistry registry)
{
    public const string SpdyUpgrade = "SPDY/3.1";
    public const string Protocol = "portforward.k8s.io";
    public const string TunnelProtocol = "SPDY/3.1+portforward.k8s.io";
    private static readonly TimeSpan PairTimeout = TimeSpan.FromSeconds(30);

    public async Task HandleAsync(HttpContext context, RequestInfo info)
    {
        CheckPortParameters(context);
        var pod = await registry.GetAsync(ResourceTypes.Pod, info.Namespace, info.Name!, context.RequestAborted);
        var nodeName = PodAgents.BoundNode(pod, info.Name!);
        var phase = pod.StringAt("status", "phase") ?? "Pending";
        if (phase != "Running")
            throw ApiErrors.BadRequest($"unable to forward port because pod is not running. Current status={phase}");
        var (node, agent) = await PodAgents.FindAsync(registry, nodeName, context.RequestAborted);
        if (node is null)
            throw new ApiException(404, "NotFound", $"nodes \"{nodeName}\" not found: pod \"{info.Name}\" is bound to a node that is not registered, so its ports cannot be forwarded");
        if (agent is not { } endpoint)
            throw ApiErrors.ServiceUnavailable($"node \"{nodeName}\" is unreachable: no node agent is serving it, so the ports of pod \"{info.Name}\" cannot be forwarded");
        var (host, port, pin) = endpoint;
        var dialer = new AgentPortDialer(host, port, pin, context.Request.Headers.Authorization.ToString(), info.Namespace!, info.Name!, nodeName);

        await using var transport = await UpgradeAsync(context);
        await using var session = new SpdySession(transport);
        var requests = new PortForwardRequests(dialer.DialAsync, PairTimeout, context.RequestAborted);
        await session.RunAsync(requests, context.RequestAborted);
        await requests.DrainAsync();
    }

    /// <summary>
    /// The <c>ports</c> parameter (sent by WebSocket clients of the kubelet's own protocol; kubectl
    /// names its ports per stream instead): each must be a port number.
    /// </summary>
    private static void CheckPortParameters(HttpContext context)
    {
        foreach (var value in context.Request.Query["ports"].SelectMany(v => (v ?? "").Split(',')))
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                throw ApiErrors.BadRequest($"invalid port \"{value}\" in query parameter ports: a port is a number from 1 to 65535");
        }
    }

    private static async Task<Stream> UpgradeAsync(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var headers = context.Request.Headers;
        var asked = headers.Upgrade.ToString();
        if (upgrade is null || !upgrade.IsUpgradableRequest)
            throw ApiErrors.BadRequest($"Upgrade request required: port-forward is served over a WebSocket with subprotocol {TunnelProtocol} or an HTTP/1.1 upgrade to {SpdyUpgrade}");
        if (asked.Equals("websocket", StringComparison.OrdinalIgnoreCase))
        {
            var offered = headers.SecWebSocketProtocol.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var key = headers.SecWebSocketKey.ToString();
            // Refusing lets kubectl fall back to SPDY: older WebSocket port-forward protocols are not served.
            if (!offered.Contains(TunnelProtocol) || key.Length == 0)
                throw ApiErrors.BadRequest($"port-forward over a WebSocket is served with subprotocol {TunnelProtocol} only");
            context.Response.Headers.Connection = "Upgrade";
            context.Response.Headers.Upgrade = "websocket";
            context.Response.Headers.SecWebSocketAccept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
            context.Response.Headers.SecWebSocketProtocol = TunnelProtocol;
            var opened = await upgrade.UpgradeAsync();
            // No SubProtocol option: .NET rejects the '/' that the KEP-4006 name has; the header above already named it.
            var socket = WebSocket.CreateFromStream(opened, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.FromSeconds(30) });
            return new WebSocketTunnelStream(socket);
        }
        if (asked.Equals(SpdyUpgrade, StringComparison.OrdinalIgnoreCase))
        {
            var versions = headers["X-Stream-Protocol-Version"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
            if (versions.Count > 0 && !versions.Contains(Protocol))
                throw ApiErrors.Forbidden($"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', versions)}], server supports [{Protocol}]");
            context.Response.Headers.Connection = "Upgrade";
            context.Response.Headers.Upgrade = SpdyUpgrade;
            context.Response.Headers["X-Stream-Protocol-Version"] = Protocol;
            return await upgrade.UpgradeAsync();
        }
        throw ApiErrors.BadRequest($"cannot upgrade to \"{asked}\": port-forward is served over a WebSocket with subprotocol {TunnelProtocol} or an HTTP/1.1 upgrade to {SpdyUpgrade}");
    }
}
