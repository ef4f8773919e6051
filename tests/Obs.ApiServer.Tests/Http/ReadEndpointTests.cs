using Npgsql;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// A read of the latest state (no resourceVersion) waits for the watch cache to hold every write acknowledged so
/// far, and for nothing else.
/// </summary>
public sealed class ReadEndpointTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task ARevisionTakenByAWriteThatNeverCommittedDoesNotHoldUpAListAndALaterCreateIsListed()
    {
        // What a write cancelled after taking its revision leaves behind: the sequence moved, no change was ever written.
        await using (var database = NpgsqlDataSource.Create(cluster.DatabaseUrl))
        await using (var takeOne = database.CreateCommand("select nextval('obs_revision')"))
        {
            await takeOne.ExecuteScalarAsync();
        }

        var (listed, list) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        var (created, _) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"after-the-gap"}}""");
        var (listedAgain, again) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");

        Assert.True(listed == 200, list?.ToJsonString());
        Assert.Equal(201, created);
        Assert.True(listedAgain == 200, again?.ToJsonString());
        Assert.Contains("after-the-gap", again!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
    }
}
