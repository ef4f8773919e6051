using System.Net;
using System.Net.Sockets;
using Obs.NodeAgent.Dns;

namespace Obs.NodeAgent.Tests.Dns;

/// <summary>A stub resolver for tests: one query over real UDP or TCP, the response decoded.</summary>
internal static class DnsTestClient
{
    public static async Task<DnsMessage> QueryAsync(IPEndPoint server, string name, DnsType type, DnsTransport transport, EdnsOptions? edns = null)
    {
        var id = (ushort)Random.Shared.Next(ushort.MaxValue + 1);
        var query = DnsMessageWriter.Encode(new DnsMessage { Id = id, RecursionDesired = true, Questions = [new DnsQuestion(name, type)], Edns = edns });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        byte[] response;
        if (transport == DnsTransport.Udp)
        {
            // As a stub resolver does: a datagram may be lost (a busy server drops), so ask again.
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            await socket.ConnectAsync(server, timeout.Token);
            var buffer = new byte[65535];
            var length = -1;
            for (var attempt = 0; length < 0; attempt++)
            {
                await socket.SendAsync(query, SocketFlags.None, timeout.Token);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
                wait.CancelAfter(TimeSpan.FromSeconds(2));
                try
                {
                    length = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
                }
                catch (OperationCanceledException) when (!timeout.IsCancellationRequested && attempt < 4)
                {
                }
            }
            response = buffer[..length];
        }
        else
        {
            using var client = new TcpClient();
            await client.ConnectAsync(server, timeout.Token);
            var stream = client.GetStream();
            await DnsTcpFraming.WriteAsync(stream, query, timeout.Token);
            response = await DnsTcpFraming.ReadAsync(stream, timeout.Token) ?? throw new EndOfStreamException("the server closed the connection");
        }
        var message = DnsMessageReader.Read(response);
        Assert.Equal(id, message.Id);
        Assert.True(message.IsResponse);
        return message;
    }
}
