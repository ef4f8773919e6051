using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Tests.Storage;

public sealed class PassedRevisionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RangesAreDueAtMostOncePerIntervalAndForgottenAfterTheirTime()
    {
        var passed = new PassedRevisions(recheckEvery: TimeSpan.FromSeconds(5), keepFor: TimeSpan.FromMinutes(1));
        passed.Add(10, 12, T0);
        Assert.Equal([(10L, 12L)], passed.Due(T0));
        Assert.Empty(passed.Due(T0.AddSeconds(2)));
        Assert.Equal([(10L, 12L)], passed.Due(T0.AddSeconds(6)));
        Assert.Empty(passed.Due(T0.AddMinutes(2)));
        Assert.Equal(0, passed.Count);
    }

    [Fact]
    public void ARevisionFoundSplitsItsRangeAndIsNotLookedForAgain()
    {
        var passed = new PassedRevisions(TimeSpan.Zero, TimeSpan.FromMinutes(1));
        passed.Add(10, 14, T0);
        passed.Found(12);
        Assert.Equal([(10L, 11L), (13L, 14L)], passed.Due(T0.AddSeconds(1)).Order());
        passed.Found(10);
        passed.Found(11);
        Assert.Equal([(13L, 14L)], passed.Due(T0.AddSeconds(2)));
    }
}
