using System.Text;

namespace Obs.ServiceProxy.Http1;

/// <summary>An answer the proxy gives itself (no endpoint, endpoint unreachable, malformed request), after which it closes the connection.</summary>
internal static class LocalResponse
{
    public static byte[] Create(int status, string reason, string body)
    {
        var bytes = Encoding.UTF8.GetByteCount(body);
        return Encoding.UTF8.GetBytes(
            $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {bytes}\r\nConnection: close\r\n\r\n{body}");
    }
}
