using System.Net;
using System.Text;
using System.Threading.Channels;

namespace Obs.ServiceProxy.Tests;

/// <summary>
/// A request body written while the response is read, one message at a time, as a gRPC client stream is:
/// each <see cref="SendAsync"/> is written and flushed at once; <see cref="Complete"/> ends the body.
/// </summary>
public sealed class DuplexContent : HttpContent
{
    private readonly Channel<byte[]> _messages = Channel.CreateUnbounded<byte[]>();

    public ValueTask SendAsync(string message) => _messages.Writer.WriteAsync(Encoding.UTF8.GetBytes(message));

    public void Complete() => _messages.Writer.TryComplete();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // As a gRPC client does: the request's HEADERS frame goes out now, not with the first message.
        await stream.FlushAsync(cancellationToken);
        await foreach (var message in _messages.Reader.ReadAllAsync(cancellationToken))
        {
            await stream.WriteAsync(message, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
