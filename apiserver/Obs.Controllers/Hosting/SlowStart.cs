namespace Obs.Controllers.Hosting;

/// <summary>
/// client-go's slowStartBatch: runs <c>count</c> calls in batches of 1, 2, 4… so that a call
/// bound to fail (a quota, a bad template) fails once rather than hundreds of times.
/// </summary>
public static class SlowStart
{
    /// <summary>How many calls succeeded, and the first error (after which no further batch starts).</summary>
    public static async Task<(int Succeeded, Exception? Error)> RunAsync(int count, Func<Task> call)
    {
        var succeeded = 0;
        var batch = 1;
        var remaining = count;
        while (remaining > 0)
        {
            var size = Math.Min(batch, remaining);
            var results = await Task.WhenAll(Enumerable.Range(0, size).Select(async _ =>
            {
                try
                {
                    await call();
                    return null;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return e;
                }
            }));
            succeeded += results.Count(r => r is null);
            if (results.FirstOrDefault(r => r is not null) is { } error) return (succeeded, error);
            remaining -= size;
            batch *= 2;
        }
        return (succeeded, null);
    }
}
