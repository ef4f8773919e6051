using Microsoft.Extensions.DependencyInjection;
using Obs.ApiServer.Registry;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Registry;

public sealed class EventReaperTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private static string Event(string name, DateTimeOffset lastSeen) =>
        $$"""{"apiVersion":"v1","kind":"Event","metadata":{"name":"{{name}}"},"involvedObject":{"kind":"Pod","name":"p","namespace":"default"},"reason":"R","message":"m","type":"Normal","lastTimestamp":"{{lastSeen.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}"}""";

    [Fact]
    public async Task EventsOlderThanAnHourAreDeletedAndNewerOnesStay()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/events", Event("old", now.AddHours(-2)))).Code);
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/events", Event("fresh", now.AddMinutes(-5)))).Code);
        await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/events"); // the cache has both once a list returns them
        var reaped = await cluster.Host.Services.GetRequiredService<EventReaper>().ReapAsync(CancellationToken.None);
        Assert.Equal(1, reaped);
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/events/old")).Code);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/events/fresh")).Code);
    }
}
