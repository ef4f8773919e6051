using System.Net;
using Microsoft.Extensions.Logging;

namespace Obs.NodeAgent.Dns;

internal static partial class ClusterDnsLog
{
    [LoggerMessage(1, LogLevel.Information, "Cluster DNS for {Zone} listening on {EndPoint} (UDP and TCP), forwarding other names to {Upstreams}")]
    public static partial void Listening(ILogger logger, string zone, IPEndPoint endPoint, string upstreams);

    [LoggerMessage(2, LogLevel.Warning, "A DNS query over {Transport} failed")]
    public static partial void QueryFailed(ILogger logger, DnsTransport transport, Exception exception);

    [LoggerMessage(3, LogLevel.Debug, "A DNS TCP connection ended")]
    public static partial void ConnectionEnded(ILogger logger, Exception exception);
}
