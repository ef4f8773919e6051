using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Errors;
using Obs.NodeAgent.Logs;
using Obs.NodeAgent.Metrics;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.PortForward;

namespace Obs.NodeAgent.Api;

/// <summary>
/// The agent API (the kubelet's :10250) over HTTPS: <c>/healthz</c> (open), and with a bearer
/// token <c>/pods</c>, <c>/containerLogs/{ns}/{pod}/{container}</c> (follow, tailLines,
/// sinceSeconds, sinceTime, timestamps, previous, limitBytes), <c>/exec/{ns}/{pod}/{container}</c> and
/// <c>/attach/{ns}/{pod}/{container}</c> (WebSocket v5.channel.k8s.io), <c>/portForward/{ns}/{pod}?port=N</c> (see <see cref="PortForwardRelay"/>),
/// and the metrics paths of <see cref="AgentMetricsEndpoints"/>. A small HTTP/1.1 server of its own on a TcpListener and
/// SslStream: one request per connection, which is all the apiserver's proxy needs, and it keeps
/// the agent free of the ASP.NET Core stack.
/// </summary>
internal sealed class AgentApiServer : IAsyncDisposable
{
    private static readonly string[] Protocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"];

    private readonly TcpListener _listener;
    private readonly X509Certificate2 _certificate;
    private readonly AgentAuthenticator _authenticator;
    private readonly PodWorkers _pods;
    private readonly string _nodeName;
    private readonly string _stateDirectory;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _accept;

    private readonly AgentMetricsEndpoints? _metrics;

    public AgentApiServer(IPAddress address, int port, X509Certificate2 certificate, AgentAuthenticator authenticator, PodWorkers pods,
        string nodeName, string stateDirectory, ILogger logger, AgentMetricsEndpoints? metrics = null)
    {
        _metrics = metrics;
        _listener = new TcpListener(address, port);
        _certificate = certificate;
        _authenticator = authenticator;
        _pods = pods;
        _nodeName = nodeName;
        _stateDirectory = stateDirectory;
        _logger = logger;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Start()
    {
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _accept = Task.Run(AcceptAsync);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            await using var tls = new SslStream(client.GetStream(), false);
            using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            handshake.CancelAfter(TimeSpan.FromSeconds(10));
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificate,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }, handshake.Token);
            var request = await AgentRequest.ReadAsync(tls, handshake.Token);
            if (request is null) return;
            await HandleAsync(request, tls, _stop.Token);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or SocketException or WebSocketException)
        {
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "agent API request failed");
        }
    }

    private async Task HandleAsync(AgentRequest request, Stream stream, CancellationToken cancellationToken)
    {
        var parts = request.Path.Trim('/').Split('/');
        if (request.Path is "/healthz" or "/readyz" or "/livez")
        {
            await WriteAsync(stream, 200, "text/plain; charset=utf-8", "ok");
            return;
        }
        string apiPath;
        var registry = _metrics?.Find(request.Path);
        if (request.Path == "/pods" || registry is not null) apiPath = $"/api/v1/nodes/{_nodeName}";
        else if (parts.Length >= 3 && parts[0] is "containerLogs" or "exec" or "attach" or "portForward") apiPath = $"/api/v1/namespaces/{parts[1]}/pods/{parts[2]}";
        else
        {
            await WriteStatusAsync(stream, 404, "NotFound", $"the agent has no {request.Path}");
            return;
        }
        if (!await _authenticator.AllowsAsync(request.Header("authorization"), apiPath, cancellationToken))
        {
            await WriteStatusAsync(stream, 401, "Unauthorized", "Unauthorized");
            return;
        }
        if (registry is not null)
        {
            await MetricsResponse.WriteAsync(stream, registry, request.Header("accept"), request.Header("accept-encoding"));
            return;
        }
        if (request.Path == "/pods")
        {
            var list = new JsonObject
            {
                ["kind"] = "PodList",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject(),
                ["items"] = new JsonArray(_pods.All.Select(w => (JsonNode)w.Pod.DeepClone()).ToArray()),
            };
            await WriteAsync(stream, 200, "application/json", list.ToJsonString());
            return;
        }
        var worker = _pods.Find(parts[1], parts[2]);
        if (parts[0] == "portForward")
        {
            if (worker is null) await WriteStatusAsync(stream, 404, "NotFound", $"pod {parts[1]}/{parts[2]} is not running on node {_nodeName}");
            else await PortForwardRelay.ServeAsync(request, stream, worker, cancellationToken);
            return;
        }
        var containerName = parts.Length >= 4 ? parts[3] : worker?.DefaultContainer();
        var container = containerName is null ? null : worker?.Container(containerName);
        if (worker is null || container is null)
        {
            await WriteStatusAsync(stream, 404, "NotFound", worker is null ? $"pod {parts[1]}/{parts[2]} is not running on node {_nodeName}" : $"container {containerName} is not valid for pod {parts[2]}");
            return;
        }
        if (parts[0] == "containerLogs")
        {
            await ServeLogsAsync(request, stream, worker, containerName!, container.Value.Process, container.Value.RestartCount, cancellationToken);
            return;
        }
        if (container.Value.Process is not { } process || process.Exited.IsCompleted || container.Value.Spec is not { } spec || worker.Sandbox is not { } sandbox)
        {
            await WriteStatusAsync(stream, 400, "BadRequest", $"container {containerName} is not running in pod {parts[2]}");
            return;
        }
        var console = container.Value.Process.Console;
        if (parts[0] == "attach" && AttachRefusal(console, request.QueryFlag("stdin"), containerName!, parts[2]) is { } refusal)
        {
            await WriteStatusAsync(stream, 400, "BadRequest", refusal);
            return;
        }
        var key = request.Header("sec-websocket-key");
        var offered = (request.Header("sec-websocket-protocol") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var protocol = Protocols.FirstOrDefault(p => offered.Contains(p));
        if (key is null || !string.Equals(request.Header("upgrade"), "websocket", StringComparison.OrdinalIgnoreCase) || protocol is null)
        {
            await WriteStatusAsync(stream, 400, "BadRequest", "exec needs a WebSocket upgrade with subprotocol v5.channel.k8s.io or v4.channel.k8s.io");
            return;
        }
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        var head = $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Protocol: {protocol}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, SubProtocol = protocol, KeepAliveInterval = TimeSpan.FromSeconds(30) });
        if (parts[0] == "attach")
        {
            await StreamingAttach.RunAsync(socket, console!, request.QueryFlag("stdin"), request.QueryFlag("stdout"), request.QueryFlag("stderr"), cancellationToken);
            return;
        }
        await StreamingExec.RunAsync(socket, sandbox, process, spec, request.QueryValues("command"), request.QueryFlag("stdin"), request.QueryFlag("tty"),
            Path.Combine(_stateDirectory, "exec"), cancellationToken);
    }

    /// <summary>Why an attach cannot be served, checked before the upgrade so the apiserver can pass the reason on.</summary>
    private static string? AttachRefusal(Runtime.ContainerConsole? console, bool stdin, string container, string pod) =>
        console is null
            ? $"container {container} in pod {pod} was started on a terminal by an earlier run of the node agent, and its terminal could not be taken back: attach works again once the container restarts (`kubectl logs -f` follows its output meanwhile)"
            : stdin && !console.Stdin
                ? $"container {container} in pod {pod} has no stdin to attach to: it was not started with stdin: true"
                : null;

    private static async Task ServeLogsAsync(AgentRequest request, Stream stream, PodWorker worker, string container, Runtime.IContainerProcess? process, int restartCount, CancellationToken cancellationToken)
    {
        var options = new LogReadOptions
        {
            Follow = request.QueryFlag("follow"),
            Timestamps = request.QueryFlag("timestamps"),
            TailLines = int.TryParse(request.QueryValue("tailLines"), out var tail) ? tail : null,
            Since = long.TryParse(request.QueryValue("sinceSeconds"), out var seconds) ? DateTimeOffset.UtcNow.AddSeconds(-seconds)
                : DateTimeOffset.TryParse(request.QueryValue("sinceTime"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since) ? since : null,
        };
        IAsyncEnumerable<LogLine> lines;
        if (request.QueryFlag("previous"))
        {
            if (restartCount == 0 || process is null)
            {
                await WriteStatusAsync(stream, 400, "BadRequest", $"previous terminated container \"{container}\" in pod \"{worker.Name}\" not found");
                return;
            }
            lines = ContainerLogReader.ReadAsync(worker.LogDirectory(container), restartCount - 1, options with { Follow = false }, () => true, cancellationToken);
        }
        else if (process is not null)
        {
            lines = process.ReadLogsAsync(options, cancellationToken);
        }
        else
        {
            await WriteStatusAsync(stream, 400, "BadRequest", $"container \"{container}\" in pod \"{worker.Name}\" is waiting to start");
            return;
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        // limitBytes (kubectl logs --limit-bytes) counts the bytes sent, as the kubelet does: the last line is cut
        // where the budget ends, and a follower stops there.
        var remaining = long.TryParse(request.QueryValue("limitBytes"), out var limit) && limit > 0 ? limit : long.MaxValue;
        var pending = new ArrayBufferWriter<byte>();
        await foreach (var line in lines.WithCancellation(cancellationToken))
        {
            var bytes = Encoding.UTF8.GetBytes(line.Partial ? line.Format(options.Timestamps) : line.Format(options.Timestamps) + "\n");
            var take = (int)Math.Min(bytes.Length, remaining);
            pending.Write(bytes.AsSpan(0, take));
            remaining -= take;
            if (pending.WrittenCount > 16 * 1024 || options.Follow || remaining == 0)
            {
                await Chunk(stream, pending.WrittenMemory, cancellationToken);
                pending.Clear();
            }
            if (remaining == 0) break;
        }
        if (pending.WrittenCount > 0) await Chunk(stream, pending.WrittenMemory, cancellationToken);
        await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    private static async Task Chunk(Stream stream, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"), cancellationToken);
        await stream.WriteAsync(bytes, cancellationToken);
        await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    internal static Task WriteStatusAsync(Stream stream, int code, string reason, string message) =>
        WriteAsync(stream, code, "application/json", StatusObjects.Failure(code, reason, message, null).ToJsonString());

    private static async Task WriteAsync(Stream stream, int code, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {code} {(code == 200 ? "OK" : "Error")}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        if (_accept is not null) await _accept;
    }
}
