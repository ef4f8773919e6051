using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.Http;

/// <summary>
/// <c>pods/log</c>, <c>pods/exec</c> and <c>pods/attach</c>: forwarded to the agent on the pod's node, at the Node's
/// InternalIP and <c>status.daemonEndpoints.kubeletEndpoint.Port</c>. Logs stream through as they
/// come (follow included); exec and attach are relayed frame by frame between kubectl's WebSocket and the
/// agent's. The caller's own bearer token goes along: the agent checks it by asking this
/// apiserver whether that caller may read the pod, so no node-wide credential is needed.
/// </summary>
/// <remarks>
/// TLS to the agent: its certificate is usually self-signed in its state directory, so there is
/// no CA to check it against. Instead it is pinned: the agent publishes the SHA-256 of its
/// certificate in the Node annotation <see cref="PinAnnotation"/> (written with its cluster
/// credential), and the connection is accepted only when the presented certificate has exactly
/// that hash. Without a pin (an agent that publishes none) the request fails rather than trusting blindly.
/// </remarks>
/// <param name="outputHold">How long exec and attach output waits for a silent client after the upgrade (<see cref="ApiServerOptions.StreamOutputHold"/>).</param>
public sealed class NodeProxy(ObjectRegistry registry, TimeSpan outputHold)
{
    public const string PinAnnotation = "obs.dev/agent-serving-cert-sha256";

    private static readonly string[] Protocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"];
    private static readonly string[] ExecParameters = ["command", "stdin", "stdout", "stderr", "tty"];
    private static readonly string[] LogParameters = ["follow", "tailLines", "sinceSeconds", "sinceTime", "timestamps", "previous", "limitBytes"];
    private static readonly ConcurrentDictionary<string, HttpClient> Clients = new();

    public async Task HandleAsync(HttpContext context, RequestInfo info)
    {
        if (info.Type != ResourceTypes.Pod || info.Subresource is not ("log" or "exec" or "attach"))
            throw ApiErrors.ServiceUnavailable($"{info.Type.GroupResource} \"{info.Name}\": no agent serves {info.Subresource} yet");
        var pod = await registry.GetAsync(info.Type, info.Namespace, info.Name!, context.RequestAborted);
        var nodeName = PodAgents.BoundNode(pod, info.Name!);
        var container = ContainerName(context, pod, info.Name!);
        var unreachable = $"node \"{nodeName}\" is unreachable: no node agent is serving it, so {info.Subresource} for pod \"{info.Name}\" cannot be reached";
        if ((await PodAgents.FindAsync(registry, nodeName, context.RequestAborted)).Agent is not { } endpoint) throw ApiErrors.ServiceUnavailable(unreachable);
        var (host, port, pin) = endpoint;
        var path = $"/{(info.Subresource == "log" ? "containerLogs" : info.Subresource)}/{Uri.EscapeDataString(info.Namespace!)}/{Uri.EscapeDataString(info.Name!)}/{Uri.EscapeDataString(container)}";
        var authorization = context.Request.Headers.Authorization.ToString();
        if (info.Subresource == "log")
            await LogAsync(context, new Uri($"https://{host}:{port}{path}{Query(context, LogParameters)}"), pin, authorization, unreachable);
        else
            await StreamAsync(context, info.Subresource!, outputHold, new Uri($"wss://{host}:{port}{path}{Query(context, ExecParameters)}"), pin, authorization, unreachable);
    }

    /// <summary>Where a Node's agent listens (host ready for a URI, port) and the pin of its certificate; null when it publishes none of them.</summary>
    public static (string Host, long Port, string Pin)? AgentEndpoint(JsonObject? node)
    {
        var address = (node?.At("status", "addresses") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(a => a.StringAt("type") == "InternalIP")?.StringAt("address");
        var port = node.LongAt("status", "daemonEndpoints", "kubeletEndpoint", "Port");
        var pin = node.StringAt("metadata", "annotations", PinAnnotation);
        if (address is null || port is not > 0 || string.IsNullOrEmpty(pin)) return null;
        return (address.Contains(':') ? $"[{address}]" : address, port.Value, pin);
    }

    private static string ContainerName(HttpContext context, JsonObject pod, string podName)
    {
        List<string> Names(string field) => (pod.At("spec", field) as JsonArray)?.OfType<JsonObject>().Select(c => c.StringAt("name") ?? "").ToList() ?? [];
        var names = Names("containers");
        var inits = Names("initContainers");
        var ephemerals = Names("ephemeralContainers");
        var asked = context.Request.Query["container"].ToString();
        if (asked.Length > 0)
        {
            if (!names.Contains(asked) && !inits.Contains(asked) && !ephemerals.Contains(asked))
                throw ApiErrors.BadRequest($"container {asked} is not valid for pod {podName}");
            return asked;
        }
        if (names.Count == 1) return names[0];
        if (pod.StringAt("metadata", "annotations", "kubectl.kubernetes.io/default-container") is { Length: > 0 } preferred && names.Contains(preferred)) return preferred;
        throw ApiErrors.BadRequest($"a container name must be specified for pod {podName}, choose one of: [{string.Join(' ', names)}]" +
            (inits.Count > 0 ? $" or one of the init containers: [{string.Join(' ', inits)}]" : "") +
            (ephemerals.Count > 0 ? $" or one of the ephemeral containers: [{string.Join(' ', ephemerals)}]" : ""));
    }

    private static string Query(HttpContext context, string[] keep)
    {
        var parts = new List<string>();
        foreach (var (key, values) in context.Request.Query)
        {
            if (!keep.Contains(key)) continue;
            foreach (var value in values) parts.Add($"{Uri.EscapeDataString(key)}={Uri.EscapeDataString(value ?? "")}");
        }
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    internal static bool Pinned(X509Certificate? certificate, string pin) =>
        certificate is not null && string.Equals(Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData())), pin, StringComparison.Ordinal);

    /// <summary>One client per agent certificate, trusting exactly that certificate.</summary>
    /// <remarks>It follows no redirect and keeps no cookie: nodes/proxy passes the agent's answers on as they are.</remarks>
    public static HttpClient ClientFor(string pin) => Clients.GetOrAdd(pin, p => new HttpClient(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AllowAutoRedirect = false,
        UseCookies = false,
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => Pinned(certificate, p) },
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestVersion = HttpVersion.Version11,
    });

    private static async Task LogAsync(HttpContext context, Uri target, string pin, string authorization, string unreachable)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        if (authorization.Length > 0) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        HttpResponseMessage response;
        try
        {
            response = await ClientFor(pin).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            throw ApiErrors.ServiceUnavailable(unreachable);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(context.RequestAborted);
                var message = (JsonNode.Parse(body) as JsonObject)?.StringAt("message") ?? body;
                var code = (int)response.StatusCode;
                throw new ApiException(code, AgentReason(code), message);
            }
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain";
            await context.Response.StartAsync(context.RequestAborted);
            await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            var buffer = new byte[16 * 1024];
            int read;
            try
            {
                while ((read = await stream.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or HttpRequestException)
            {
                // The follower went away or the agent stopped: the stream just ends, as with the kubelet.
            }
        }
    }

    private static async Task StreamAsync(HttpContext context, string subresource, TimeSpan outputHold, Uri target, string pin, string authorization, string unreachable)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var offered = context.Request.Headers.SecWebSocketProtocol.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var protocol = Protocols.FirstOrDefault(p => offered.Contains(p));
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        if (upgrade is null || !upgrade.IsUpgradableRequest || protocol is null || key.Length == 0)
        {
            // kubectl falls back to SPDY when a WebSocket upgrade is refused: it gets the agent's reason again
            // (no such container, not running) before being told that only WebSocket is served.
            throw await AgentRefusalAsync(target, pin, authorization, context.RequestAborted)
                ?? ApiErrors.BadRequest($"{subresource} is served over WebSocket with subprotocol v5.channel.k8s.io or v4.channel.k8s.io");
        }

        var agent = new ClientWebSocket();
        agent.Options.AddSubProtocol(protocol);
        if (authorization.Length > 0) agent.Options.SetRequestHeader("Authorization", authorization);
        agent.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => Pinned(certificate, pin);
        agent.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        agent.Options.CollectHttpResponseDetails = true;
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            connect.CancelAfter(TimeSpan.FromSeconds(10));
            await agent.ConnectAsync(target, connect.Token);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException)
        {
            var refused = (int)agent.HttpStatusCode;
            agent.Dispose();
            // The agent answered but would not upgrade (no such container, not running yet): its own
            // Status says why, and the request failed on the client's side, not the server's.
            if (refused is >= 400 and < 500)
                throw await AgentRefusalAsync(target, pin, authorization, context.RequestAborted)
                    ?? new ApiException(refused, AgentReason(refused), $"unable to upgrade connection: the node agent answered {refused}");
            throw ApiErrors.ServiceUnavailable(unreachable);
        }
        using (agent)
        {
            var accept = Convert.ToBase64String(SHA1.HashData(System.Text.Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
            context.Response.Headers.Connection = "Upgrade";
            context.Response.Headers.Upgrade = "websocket";
            context.Response.Headers.SecWebSocketAccept = accept;
            context.Response.Headers.SecWebSocketProtocol = protocol;
            var stream = await upgrade.UpgradeAsync();
            using var client = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, SubProtocol = protocol, KeepAliveInterval = TimeSpan.FromSeconds(30) });
            using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            // The agent's frames wait until the client can take them: kubectl 1.30–1.33 read the socket while they set up
            // their streams and drop a frame for a stream not set up yet, so a fast command's output or exit Status, already
            // waiting here as the agent started it before this upgrade, could be lost. The client's first frame (stdin, its
            // end, a resize) comes after its setup; a client that sends none (exec without stdin) gets them after outputHold.
            var clientSpoke = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var up = RelayAsync(client, agent, Task.CompletedTask, () => clientSpoke.TrySetResult(), done.Token);
            var down = RelayAsync(agent, client, Task.WhenAny(clientSpoke.Task, up, Task.Delay(outputHold, done.Token)), () => { }, done.Token);
            await down;
            await done.CancelAsync();
            try { await up; } catch (OperationCanceledException) { }
        }
    }

    /// <summary>
    /// Why the agent refuses an exec or attach, if it does: the same request without the upgrade gets its Status
    /// (the agent checks the pod and the container before the upgrade headers). Null when it gives none.
    /// </summary>
    private static async Task<ApiException?> AgentRefusalAsync(Uri target, string pin, string authorization, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(target) { Scheme = "https" }.Uri);
            if (authorization.Length > 0) request.Headers.TryAddWithoutValidation("Authorization", authorization);
            using var response = await ClientFor(pin).SendAsync(request, cancellationToken);
            var code = (int)response.StatusCode;
            if (code is < 400 or >= 500) return null;
            var said = (JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject)?.StringAt("message");
            return string.IsNullOrEmpty(said) ? null : new ApiException(code, AgentReason(code), said);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or OperationCanceledException)
        {
            return null;
        }
    }

    private static string AgentReason(int code) => code switch { 404 => "NotFound", 401 => "Unauthorized", 403 => "Forbidden", _ => "BadRequest" };

    /// <summary>
    /// Copies messages from one socket to the other, once <paramref name="start"/> has completed, until a close, then passes
    /// the close on; <paramref name="received"/> is told of each message.
    /// </summary>
    private static async Task RelayAsync(WebSocket from, WebSocket to, Task start, Action received, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            await start;
            while (true)
            {
                var result = await from.ReceiveAsync(buffer, cancellationToken);
                received();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (to.State is WebSocketState.Open or WebSocketState.CloseReceived)
                        await to.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, CancellationToken.None);
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, cancellationToken);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
        }
    }
}
