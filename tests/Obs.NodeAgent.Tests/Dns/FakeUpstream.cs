using System.Net;
using System.Net.Sockets;
using Obs.NodeAgent.Dns;

namespace Obs.NodeAgent.Tests.Dns;

/// <summary>
/// A resolver on 127.0.0.1 for forwarding tests: over UDP and TCP it answers every question with
/// one A record (or, when silent, never answers), and counts the queries it saw.
/// </summary>
internal sealed class FakeUpstream : IAsyncDisposable
{
    private readonly Socket _udp;
    private readonly TcpListener _tcp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly bool _silent;
    private int _queries;

    public FakeUpstream(IPAddress answer, bool silent = false)
    {
        Answer = answer;
        _silent = silent;
        (_udp, _tcp) = BindOnePort();
        _running = Task.WhenAll(Task.Run(ServeUdpAsync), Task.Run(ServeTcpAsync));
    }

    public IPAddress Answer { get; }

    /// <summary>
    /// A UDP socket and a TCP listener on the same port, as a resolver has them: the port the system gives the
    /// UDP socket may be taken for TCP by another process (seen in a full run), so another is tried then.
    /// </summary>
    private static (Socket Udp, TcpListener Tcp) BindOnePort()
    {
        for (var attempt = 1; ; attempt++)
        {
            var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var tcp = new TcpListener(IPAddress.Loopback, ((IPEndPoint)udp.LocalEndPoint!).Port);
            try
            {
                tcp.Start();
                return (udp, tcp);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 20)
            {
                udp.Dispose();
            }
        }
    }

    public IPEndPoint EndPoint => (IPEndPoint)_udp.LocalEndPoint!;

    public int Queries => Volatile.Read(ref _queries);

    private byte[]? Respond(byte[] query)
    {
        Interlocked.Increment(ref _queries);
        if (_silent) return null;
        var request = DnsMessageReader.Read(query);
        return DnsMessageWriter.Encode(new DnsMessage
        {
            Id = request.Id,
            IsResponse = true,
            RecursionDesired = request.RecursionDesired,
            RecursionAvailable = true,
            Questions = request.Questions,
            Answers = [new DnsRecord(request.Questions[0].Name, DnsType.A, 300, new AddressData(Answer))],
        });
    }

    private async Task ServeUdpAsync()
    {
        var buffer = new byte[65535];
        try
        {
            while (true)
            {
                var received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                if (Respond(buffer[..received.ReceivedBytes]) is { } response)
                    await _udp.SendToAsync(response, SocketFlags.None, received.RemoteEndPoint, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task ServeTcpAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _tcp.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                var query = await DnsTcpFraming.ReadAsync(stream, _stop.Token);
                if (query is not null && Respond(query) is { } response) await DnsTcpFraming.WriteAsync(stream, response, _stop.Token);
                else await Task.Delay(Timeout.Infinite, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
        {
        }
        catch (InvalidOperationException) when (_stop.IsCancellationRequested)
        {
            // Stopped before this loop first reached its accept (a quick test): the listener is no longer listening.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        _tcp.Stop();
        await _running;
    }
}
