using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Tests.Objects;

public class LeaseExpiryTests
{
    private static readonly DateTimeOffset Renewed = new(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);

    private static JsonObject Lease(string spec) => (JsonObject)JsonNode.Parse($$"""{"metadata":{"name":"l"},"spec":{{spec}}}""")!;

    [Fact]
    public void ALeaseIsHeldUntilItsRenewTimePlusItsDuration()
    {
        var lease = Lease("""{"holderIdentity":"a","renewTime":"2026-12-07T05:00:00.000000Z","leaseDurationSeconds":40}""");

        Assert.Equal(Renewed.AddSeconds(40), LeaseExpiry.ExpiresAt(lease, TimeSpan.FromSeconds(15)));
        Assert.False(LeaseExpiry.IsExpired(lease, Renewed.AddSeconds(40), TimeSpan.FromSeconds(15)));
        Assert.True(LeaseExpiry.IsExpired(lease, Renewed.AddSeconds(40).AddTicks(1), TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public void WithoutADurationTheCallersDefaultApplies()
    {
        var lease = Lease("""{"renewTime":"2026-12-07T05:00:00Z"}""");

        Assert.Equal(Renewed.AddSeconds(15), LeaseExpiry.ExpiresAt(lease, TimeSpan.FromSeconds(15)));
        Assert.Equal(Renewed, LeaseExpiry.ExpiresAt(lease, TimeSpan.Zero));
    }

    [Fact]
    public void ALeaseNeverRenewedHasNoExpiryAndCountsAsExpired()
    {
        var lease = Lease("""{"holderIdentity":"a","leaseDurationSeconds":15}""");

        Assert.Null(LeaseExpiry.ExpiresAt(lease, TimeSpan.FromSeconds(15)));
        Assert.True(LeaseExpiry.IsExpired(lease, DateTimeOffset.MinValue, TimeSpan.FromSeconds(15)));
    }
}
