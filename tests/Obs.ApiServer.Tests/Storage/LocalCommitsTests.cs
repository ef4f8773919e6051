using Obs.ApiServer.Storage;
using static Obs.ApiServer.Tests.Storage.StoredText;

namespace Obs.ApiServer.Tests.Storage;

public sealed class LocalCommitsTests
{
    private static Change At(long revision) => new(revision, new ObjectKey("configmaps", "default", $"c{revision}"), ChangeType.Added, Stored("{}"));

    [Fact]
    public void HoldsAfterSeesAChangeWaitingBeyondAMissingRevisionNotOnesAlreadyPassed()
    {
        var commits = new LocalCommits();
        foreach (var r in new long[] { 5, 6, 8 }) commits.Add(At(r));
        Assert.Equal([5L, 6L], commits.TakeFrom(5).Select(c => c.Revision));
        Assert.True(commits.HoldsAfter(6)); // 8, held while 7 is missing: the feed must read the log
        Assert.False(commits.HoldsAfter(8));
        commits.Add(At(3)); // a change the feed read from the log before it was handed over
        Assert.False(commits.HoldsAfter(8));
    }

    [Fact]
    public void ARunIsTakenOnlyFromTheNextRevisionAndStopsAtTheFirstRevisionNotHeld()
    {
        var commits = new LocalCommits();
        foreach (var r in new long[] { 12, 10, 11, 14 }) commits.Add(At(r));
        // 9 was not written here (another apiserver's, or a failed write's): nothing may be taken past it.
        Assert.Empty(commits.TakeFrom(9));
        Assert.Equal([10L, 11L, 12L], commits.TakeFrom(10).Select(c => c.Revision));
        // 13 is missing: 14 waits until the feed has read 13 from the log.
        Assert.Empty(commits.TakeFrom(13));
        Assert.Equal([14L], commits.TakeFrom(14).Select(c => c.Revision));
        Assert.Equal(0, commits.Count);
    }

    [Fact]
    public void ChangesNobodyTakesAreDroppedAtTheCapacityAndThoseTheFeedPassedAreDropped()
    {
        var commits = new LocalCommits(capacity: 3000);
        for (var r = 1; r <= 3000; r++) commits.Add(At(r));
        commits.Add(At(3001));
        Assert.Equal(1, commits.Count);

        for (var r = 4000; r < 6000; r++) commits.Add(At(r));
        // The feed read these from the log: taking from beyond them drops them.
        Assert.Empty(commits.TakeFrom(7000));
        Assert.Equal(0, commits.Count);
    }

    [Fact]
    public void WritesInFlightAtAMarkHaveEndedOnlyOnceEachOfThemHasWhateverStartedAfter()
    {
        var commits = new LocalCommits();
        Assert.Null(commits.InFlightMark());
        var first = commits.WriteStarted();
        var second = commits.WriteStarted();
        var mark = commits.InFlightMark()!.Value;
        var later = commits.WriteStarted();
        commits.WriteEnded(second);
        Assert.False(commits.HaveEnded(mark));
        commits.WriteEnded(first);
        // The write started after the mark may run on: the feed waits only for those it saw in flight.
        Assert.True(commits.HaveEnded(mark));
        Assert.NotNull(commits.InFlightMark());
        commits.WriteEnded(later);
        Assert.Null(commits.InFlightMark());
    }

    [Fact]
    public void HoldsTellsWhetherTheNextRevisionHasBeenHandedOver()
    {
        var commits = new LocalCommits();
        commits.Add(At(5));
        Assert.True(commits.Holds(5));
        Assert.False(commits.Holds(6));
    }
}
