using Obs.ApiServer.Registry;

namespace Obs.ApiServer.Tests.Registry;

public sealed class NamespaceLiveLookupTests
{
    private sealed class SetTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void ANamespaceAskedToBeDeletedIsLookedUpLiveForTheWindowOnly()
    {
        var time = new SetTime();
        var lookup = new NamespaceLiveLookup(time);
        Assert.False(lookup.Required("going"));

        lookup.Deleting("going");
        Assert.True(lookup.Required("going"));
        Assert.False(lookup.Required("staying"));

        time.Now += NamespaceLiveLookup.Window;
        Assert.True(lookup.Required("going"));
        time.Now += TimeSpan.FromSeconds(1);
        Assert.False(lookup.Required("going"));

        // A later delete starts a new window.
        lookup.Deleting("going");
        Assert.True(lookup.Required("going"));
    }
}
