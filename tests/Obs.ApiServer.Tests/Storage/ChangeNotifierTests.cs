using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Tests.Storage;

/// <summary>NOTIFYs wake the change feeds of the other apiservers, not the sender's own (its writes woke it already).</summary>
public sealed class ChangeNotifierTests
{
    [Fact]
    public async Task ANotifyOfItsOwnDoesNotWakeTheReaderOneOfAnotherApiServerDoesAndAsksForARead()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1");
        var notifier = new ChangeNotifier(dataSource, NullLogger<ChangeNotifier>.Instance);

        notifier.Notified(notifier.Sender);
        Assert.False(await notifier.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(notifier.ReadAsked);

        notifier.Notified(new ChangeNotifier(dataSource, NullLogger<ChangeNotifier>.Instance).Sender);
        Assert.True(await notifier.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.True(notifier.ReadAsked);
        notifier.ReadingLog();
        Assert.False(notifier.ReadAsked);

        notifier.Notified(""); // an apiserver of an older version marks its NOTIFYs with nothing
        Assert.True(await notifier.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.True(notifier.ReadAsked);
    }

    [Fact]
    public async Task AWriteOfOursWakesTheReaderToTakeItsChangesWithoutAskingForARead()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1");
        var notifier = new ChangeNotifier(dataSource, NullLogger<ChangeNotifier>.Instance);

        notifier.Signal();
        Assert.True(await notifier.WaitAsync(TimeSpan.Zero, CancellationToken.None));
        Assert.False(notifier.ReadAsked);
    }
}
