using System.Security.Cryptography;
using System.Text;
using Obs.ApiServer.PortForward;

namespace Obs.ApiServer.Proxy;

/// <summary>
/// An HttpClient whose connections are port-forward tunnels through a pod's node agent (see
/// <see cref="AgentPortDialer"/>): the apiserver need not be on the pod's machine, and the agent keeps
/// the rule of which ports of a pod may be reached. Each request carries its dialer; the URL's host is a
/// name made from everything the tunnel depends on (agent, pod, port, the caller's credentials), so the
/// client's pool reuses a tunnel only for the same pod, port and caller.
/// </summary>
internal static class PodTunnelClient
{
    public static readonly HttpRequestOptionsKey<AgentPortDialer> Dialer = new("obs.agent-port-dialer");

    public static HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        ConnectCallback = ConnectAsync,
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        // Kubernetes does not check a pod's certificate either: the pod has no name a CA could vouch for.
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The pool's name for a tunnel to these parts (a DNS-shaped label never resolved: the connect callback dials).</summary>
    public static string PoolHost(params string[] parts) =>
        "t" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..40] + ".tunnel.invalid";

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        if (!context.InitialRequestMessage.Options.TryGetValue(Dialer, out var dialer))
            throw new InvalidOperationException("a request through a pod tunnel names its dialer");
        var target = await dialer.DialAsync(context.DnsEndPoint.Port, cancellationToken);
        return target.Connection ?? throw new TunnelRefusedException(target);
    }
}

/// <summary>The agent would not open the tunnel (or could not be reached): its reason, and its status when it answered.</summary>
internal sealed class TunnelRefusedException(ForwardTarget target) : Exception(target.Error)
{
    public int? AgentStatus { get; } = target.AgentStatus;
}
