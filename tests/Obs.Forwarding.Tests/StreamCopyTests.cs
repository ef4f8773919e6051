namespace Obs.Forwarding.Tests;

public sealed class StreamCopyTests
{
    /// <summary>A source that has one chunk ready, then makes the copier wait for <paramref name="gate"/> before the rest.</summary>
    private sealed class SlowSecondRead(byte[] first, byte[] second, Task gate) : MemoryStream
    {
        private int _reads;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            switch (_reads++)
            {
                case 0:
                    first.CopyTo(buffer);
                    return first.Length;
                case 1:
                    await gate;
                    second.CopyTo(buffer);
                    return second.Length;
                default:
                    return 0;
            }
        }
    }

    private sealed class CountingFlushes : MemoryStream
    {
        public int Flushes { get; private set; }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task EveryByteIsCopiedAndCountedAndEachReadIsFlushed()
    {
        var data = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        var destination = new CountingFlushes();
        var chunks = new List<int>();

        var copied = await StreamCopy.CopyAsync(new MemoryStream(data), destination, CancellationToken.None, chunks.Add);

        Assert.Equal(data.Length, copied);
        Assert.Equal(data, destination.ToArray());
        Assert.Equal(data.Length, chunks.Sum());
        Assert.Equal(chunks.Count, destination.Flushes);
    }

    [Fact]
    public async Task TheFirstWaitRunsItsCallbackOnceAndAnUnflushedCopyDoesNotFlush()
    {
        var destination = new CountingFlushes();
        var waits = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The second read waits until the callback has run: a copy that skipped it would never end (hence the guard).
        await StreamCopy.CopyAsync(new SlowSecondRead([1, 2], [3], gate.Task), destination, CancellationToken.None,
            beforeFirstWait: _ => { waits++; gate.SetResult(); return Task.CompletedTask; }, flush: false).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([1, 2, 3], destination.ToArray());
        Assert.Equal(1, waits);
        Assert.Equal(0, destination.Flushes);
    }
}
