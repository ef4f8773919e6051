namespace Obs.Client.Tests.Fakes;

/// <summary>A stream that gives at most <paramref name="readSize"/> bytes a read, as a slow network stream would.</summary>
internal sealed class TricklingStream(byte[] bytes, int readSize) : MemoryStream(bytes)
{
    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        base.ReadAsync(buffer, offset, Math.Min(count, readSize), cancellationToken);
}
