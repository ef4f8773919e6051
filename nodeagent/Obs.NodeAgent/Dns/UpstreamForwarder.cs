using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Obs.NodeAgent.Dns;

/// <summary>
/// Sends queries for names outside the cluster zone to the host's resolvers, in order, each with a
/// timeout, over the transport the client used. Each forwarded query gets a fresh random id and a
/// fresh source port, so an off-path answer is unlikely to be taken; the client's id is put back.
/// </summary>
public sealed class UpstreamForwarder(IReadOnlyList<IPEndPoint> upstreams, TimeSpan timeout)
{
    public IReadOnlyList<IPEndPoint> Upstreams => upstreams;

    /// <summary>The upstream's response with the client's id, or null when none answered in time.</summary>
    public async Task<byte[]?> ForwardAsync(ReadOnlyMemory<byte> query, DnsTransport transport, CancellationToken cancellationToken)
    {
        var clientId = BinaryPrimitives.ReadUInt16BigEndian(query.Span);
        var forwarded = query.ToArray();
        foreach (var upstream in upstreams)
        {
            var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
            BinaryPrimitives.WriteUInt16BigEndian(forwarded, id);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(timeout);
            try
            {
                var response = transport == DnsTransport.Udp
                    ? await ExchangeUdpAsync(upstream, forwarded, id, attempt.Token)
                    : await ExchangeTcpAsync(upstream, forwarded, id, attempt.Token);
                BinaryPrimitives.WriteUInt16BigEndian(response, clientId);
                return response;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Timed out: the next upstream gets its turn.
            }
            catch (Exception e) when (e is SocketException or IOException or EndOfStreamException)
            {
            }
        }
        return null;
    }

    private static async Task<byte[]> ExchangeUdpAsync(IPEndPoint upstream, byte[] query, ushort id, CancellationToken cancellationToken)
    {
        using var socket = new Socket(upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(upstream, cancellationToken);
        await socket.SendAsync(query, SocketFlags.None, cancellationToken);
        var buffer = new byte[ushort.MaxValue];
        while (true)
        {
            var length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            // Anything that is not the response to this query (a late answer, junk) is ignored.
            if (DnsHeader.TryRead(buffer.AsSpan(0, length), out var header) && header.Id == id && header.IsResponse)
                return buffer.AsSpan(0, length).ToArray();
        }
    }

    private static async Task<byte[]> ExchangeTcpAsync(IPEndPoint upstream, byte[] query, ushort id, CancellationToken cancellationToken)
    {
        using var client = new TcpClient(upstream.AddressFamily);
        await client.ConnectAsync(upstream, cancellationToken);
        var stream = client.GetStream();
        await DnsTcpFraming.WriteAsync(stream, query, cancellationToken);
        while (true)
        {
            var response = await DnsTcpFraming.ReadAsync(stream, cancellationToken) ?? throw new EndOfStreamException("upstream closed the connection");
            if (DnsHeader.TryRead(response, out var header) && header.Id == id && header.IsResponse) return response;
        }
    }
}
