using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Obs.Testing;

/// <summary>
/// An HTTPS handler that connects every request to one address whatever the URL's host, so the URL's
/// host goes out as the SNI name and Host header (as a DNS name pointing at an ingress would), and
/// that accepts whatever certificate the server presents, handing each one to <paramref name="seen"/>.
/// </summary>
public static class PinnedTlsHandler
{
    public static SocketsHttpHandler Create(IPEndPoint target, Action<X509Certificate2> seen) => new()
    {
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.Zero,
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(target, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                seen(X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData()));
                return true;
            },
        },
    };
}
