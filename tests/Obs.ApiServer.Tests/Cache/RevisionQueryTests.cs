using Obs.ApiServer.Cache;

namespace Obs.ApiServer.Tests.Cache;

public sealed class RevisionQueryTests
{
    private readonly List<TaskCompletionSource<long>> _queries = [];

    private RevisionQuery Query() => new(_ =>
    {
        var q = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_queries) _queries.Add(q);
        return q.Task;
    });

    private int Started { get { lock (_queries) return _queries.Count; } }

    private TaskCompletionSource<long> Last { get { lock (_queries) return _queries[^1]; } }

    [Fact]
    public async Task ReadsArrivingWhileAQueryRunsShareTheNextQueryNotTheRunningOne()
    {
        var query = Query();
        var first = query.ReadAsync(CancellationToken.None);
        var second = query.ReadAsync(CancellationToken.None);
        var third = query.ReadAsync(CancellationToken.None);
        Assert.Equal(1, Started);

        Last.SetResult(5);
        Assert.Equal(5, await first);
        await WaitUntilAsync(() => Started == 2);
        Assert.False(second.IsCompleted);
        Last.SetResult(7);

        Assert.Equal(7, await second);
        Assert.Equal(7, await third);
        Assert.Equal(2, Started);
    }

    [Fact]
    public async Task AFailedQueryFailsItsReadersAndTheNextReadQueriesAgain()
    {
        var query = Query();
        var failed = query.ReadAsync(CancellationToken.None);
        Last.SetException(new InvalidOperationException("database gone"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => failed);

        var next = query.ReadAsync(CancellationToken.None);
        await WaitUntilAsync(() => Started == 2);
        Last.SetResult(9);
        Assert.Equal(9, await next);
    }

    [Fact]
    public async Task AReaderThatGivesUpLeavesItsBatchToTheOthers()
    {
        var query = Query();
        var running = query.ReadAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var leaving = query.ReadAsync(cancel.Token);
        var staying = query.ReadAsync(CancellationToken.None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);

        Last.SetResult(3);
        Assert.Equal(3, await running);
        await WaitUntilAsync(() => Started == 2);
        Last.SetResult(4);
        Assert.Equal(4, await staying);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
