using System.Net;
using System.Net.Sockets;
using System.Text;
using Obs.ApiServer.Spdy;

namespace Obs.ApiServer.Tests.Spdy;

/// <summary>A server session over a real loopback connection, driven by a client made of the same frame writer and reader.</summary>
public sealed class SpdySessionTests
{
    [Fact]
    public async Task StreamsAreAnsweredOrRefusedDataEchoesAndPingsReturn()
    {
        await using var peer = await Peer.StartAsync(new EchoHandler());
        await peer.Writer.SynStreamAsync(1, [new("port", "80")], 0, default);
        await peer.Writer.SynStreamAsync(3, [new("port", "0")], 0, default);
        Assert.Equal((SpdyFrameType.SynReply, 1u), await peer.NextAsync(f => (f.Type, f.StreamId)));
        Assert.Equal((SpdyFrameType.RstStream, 3u, SpdyCodes.RefusedStream), await peer.NextAsync(f => (f.Type, f.StreamId, Status(f))));

        await peer.Writer.PingAsync(11, default);
        Assert.Equal(SpdyFrameType.Ping, await peer.NextAsync(f => f.Type));
        await peer.Writer.DataAsync(1, "abc"u8.ToArray(), fin: true, default);
        Assert.Equal("abc", await peer.NextAsync(f => Encoding.ASCII.GetString(f.Payload)));
        Assert.Equal((SpdyFrameType.Data, true, 0), await peer.NextAsync(f => (f.Type, f.Fin, f.Payload.Length)));
    }

    [Fact]
    public async Task ConsumedDataIsGivenBackWithWindowUpdatesForTheSessionAndTheStream()
    {
        await using var peer = await Peer.StartAsync(new EchoHandler());
        await peer.Writer.SynStreamAsync(1, [new("port", "80")], 0, default);
        Assert.Equal(SpdyFrameType.SynReply, await peer.NextAsync(f => f.Type));
        await peer.Writer.DataAsync(1, new byte[40_000], fin: false, default);
        var updates = new List<uint>();
        var echoed = 0;
        while (updates.Count < 2 || echoed < 40_000)
        {
            var frame = await peer.NextAsync(f => f);
            if (frame.Type == SpdyFrameType.WindowUpdate) updates.Add(frame.StreamId);
            if (frame.Type == SpdyFrameType.Data) echoed += frame.Payload.Length;
        }
        Assert.Equal([0u, 1u], updates.Order());
    }

    [Fact]
    public async Task APeerThatKeepsWindowsIsSentNoMoreThanItAllows()
    {
        var handler = new WriterHandler(25);
        await using var peer = await Peer.StartAsync(handler);
        // An initial window of 10 bytes: the peer keeps flow control, so this end must honour it.
        await peer.Writer.SettingsAsync([(SpdyCodes.SettingsInitialWindowSize, 10)], default);
        await peer.Writer.SynStreamAsync(1, [new("port", "80")], 0, default);
        Assert.Equal(SpdyFrameType.SynReply, await peer.NextAsync(f => f.Type));
        Assert.Equal(10, await peer.NextAsync(f => f.Payload.Length));
        await Task.Delay(200);
        Assert.False(handler.Done.IsCompleted);
        await peer.Writer.WindowUpdateAsync(1, 100, default);
        Assert.Equal(15, await peer.NextAsync(f => f.Payload.Length));
        await handler.Done;
    }

    private static uint Status(SpdyFrame frame) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame.Payload.AsSpan(4));

    /// <summary>Accepts streams with a non-zero port and echoes what they carry, then ends them.</summary>
    private sealed class EchoHandler : ISpdyStreamHandler
    {
        public bool Admit(SpdyStream stream) => stream.Headers["port"] != "0";

        public void Opened(SpdyStream stream) => _ = Task.Run(async () =>
        {
            var buffer = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0) await stream.WriteAsync(buffer.AsMemory(0, read));
            await stream.CloseWriteAsync(default);
        });
    }

    /// <summary>Writes a number of bytes on each stream as soon as it opens.</summary>
    private sealed class WriterHandler(int count) : ISpdyStreamHandler
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Done => _done.Task;

        public bool Admit(SpdyStream stream) => true;

        public void Opened(SpdyStream stream) => _ = Task.Run(async () =>
        {
            await stream.WriteAsync(new byte[count]);
            _done.TrySetResult();
        });
    }

    private sealed class Peer : IAsyncDisposable
    {
        private readonly Socket _client;
        private readonly NetworkStream _clientStream;
        private readonly NetworkStream _serverStream;
        private readonly SpdySession _session;
        private readonly Task _run;
        private readonly SpdyFrameReader _reader;
        private readonly ZlibDeflater _deflater = new(SpdyDictionary.Bytes);
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));

        private Peer(Socket client, Socket server, ISpdyStreamHandler handler)
        {
            _client = client;
            _clientStream = new NetworkStream(client, ownsSocket: true);
            _serverStream = new NetworkStream(server, ownsSocket: true);
            _session = new SpdySession(_serverStream);
            _run = _session.RunAsync(handler, _stop.Token);
            _reader = new SpdyFrameReader(_clientStream);
            Writer = new SpdyFrameWriter(_clientStream, _deflater);
        }

        public SpdyFrameWriter Writer { get; }

        public static async Task<Peer> StartAsync(ISpdyStreamHandler handler)
        {
            using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
            var accept = listener.AcceptAsync();
            await client.ConnectAsync(listener.LocalEndPoint!);
            return new Peer(client, await accept, handler);
        }

        /// <summary>The next frame from the session, seen through <paramref name="view"/>.</summary>
        public async Task<T> NextAsync<T>(Func<SpdyFrame, T> view) =>
            view(await _reader.ReadAsync(_stop.Token) ?? throw new EndOfStreamException("the session closed the connection"));

        public async ValueTask DisposeAsync()
        {
            _client.Shutdown(SocketShutdown.Both);
            await _run;
            await _session.DisposeAsync();
            Writer.Dispose();
            _deflater.Dispose();
            await _clientStream.DisposeAsync();
            await _serverStream.DisposeAsync();
            _stop.Dispose();
        }
    }
}
