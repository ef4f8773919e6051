using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Obs.Forwarding;
using Obs.NodeAgent.Api;
using Obs.NodeAgent.Pods;

namespace Obs.NodeAgent.PortForward;

/// <summary>
/// <c>/portForward/{ns}/{pod}?port=N</c> on the agent API: one forwarded connection. The
/// apiserver ends kubectl's SPDY session and opens one of these per connection it forwards; the
/// agent connects to the pod's port and, once connected, answers <c>101</c> with
/// <c>Upgrade: tcp</c> and carries bytes both ways on the same TLS connection, a TLS close_notify
/// standing for a TCP half-close. A port the pod does not declare, or where nothing listens, gets
/// a Status instead, whose message the apiserver hands to kubectl.
/// </summary>
internal static class PortForwardRelay
{
    public const string UpgradeToken = "tcp";

    public static async Task ServeAsync(AgentRequest request, Stream client, PodWorker worker, CancellationToken cancellationToken)
    {
        var asked = request.QueryValue("port") ?? "";
        var failure = $"error forwarding port {asked} to pod {worker.Namespace}/{worker.Name}";
        if (!int.TryParse(asked, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            await AgentApiServer.WriteStatusAsync(client, 400, "BadRequest", $"invalid port \"{asked}\": a port is a number from 1 to 65535");
            return;
        }
        var (target, refusal) = PodPortTarget.Resolve(worker.Pod, worker.PortAssignments(), port);
        if (refusal is not null)
        {
            await AgentApiServer.WriteStatusAsync(client, 400, "BadRequest", $"{failure}: {refusal}");
            return;
        }
        if (!string.Equals(request.Header("upgrade"), UpgradeToken, StringComparison.OrdinalIgnoreCase))
        {
            await AgentApiServer.WriteStatusAsync(client, 400, "BadRequest", $"port-forward needs Upgrade: {UpgradeToken}");
            return;
        }
        var (pod, error) = await ConnectAsync(target, cancellationToken);
        if (pod is null)
        {
            var where = target == port ? $"port {port}" : $"port {target} (containerPort {port}, moved there by the agent)";
            await AgentApiServer.WriteStatusAsync(client, 400, "BadRequest", $"{failure}: nothing accepts connections on {where}: {error}");
            return;
        }
        using (pod)
        {
            await client.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: {UpgradeToken}\r\nConnection: Upgrade\r\n\r\n"), cancellationToken);
            await client.FlushAsync(cancellationToken);
            await using var podStream = new NetworkStream(pod, ownsSocket: false);
            var up = CopyAsync(client, podStream, () => { pod.Shutdown(SocketShutdown.Send); return Task.CompletedTask; }, cancellationToken);
            var down = CopyAsync(podStream, client, () => client is SslStream tls ? tls.ShutdownAsync() : Task.CompletedTask, cancellationToken);
            // Either side failing (not just ending) ends both: the TLS connection closes when the caller returns.
            var first = await Task.WhenAny(up, down);
            if (first.IsFaulted) return;
            await (first == up ? down : up);
        }
    }

    /// <summary>Connects to the pod's port on the loopback addresses (kubelet tries localhost the same way).</summary>
    private static async Task<(Socket? Socket, string? Error)> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        string? error = null;
        foreach (var address in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
                return (socket, null);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                error ??= e is SocketException { SocketErrorCode: SocketError.ConnectionRefused } ? $"connection refused on {address}:{port}" : $"{address}:{port}: {e.Message}";
            }
        }
        return (null, error);
    }

    /// <summary>One direction, copied as the service proxy copies its TCP connections, then half-closed.</summary>
    private static async Task CopyAsync(Stream from, Stream to, Func<Task> closeWrite, CancellationToken cancellationToken)
    {
        await StreamCopy.CopyAsync(from, to, cancellationToken);
        await closeWrite();
    }
}
