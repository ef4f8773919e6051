using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// resourceVersionMatch on a LIST, as Kubernetes checks and honours it: a broken combination is a 422 on
/// ListOptions naming the field; NotOlderThan reads at least that revision; Exact answers only when the
/// cache is at exactly that revision and is 410 Expired otherwise (only the latest state is kept for lists).
/// </summary>
public sealed class ListOptionsTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Theory]
    [InlineData("?resourceVersionMatch=Foo&resourceVersion=1", "FieldValueNotSupported", "resourceVersionMatch: Unsupported value: \"Foo\": supported values: \"Exact\", \"NotOlderThan\", \"\"")]
    [InlineData("?resourceVersionMatch=NotOlderThan", "FieldValueForbidden", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")]
    [InlineData("?resourceVersionMatch=Exact&resourceVersion=0", "FieldValueForbidden", "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]
    public async Task ABrokenResourceVersionMatchIsAnInvalidListOptions(string query, string reason, string message)
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Get, ConfigMaps + query);

        Assert.Equal(422, code);
        Assert.Equal("Invalid", status!["reason"]!.GetValue<string>());
        Assert.Equal($"ListOptions.meta.k8s.io \"\" is invalid: {message}", status["message"]!.GetValue<string>());
        Assert.Equal("ListOptions", status["details"]!["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io", status["details"]!["group"]!.GetValue<string>());
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray());
        Assert.Equal(reason, cause!["reason"]!.GetValue<string>());
        Assert.Equal("resourceVersionMatch", cause["field"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("?sendInitialEvents=true", "sendInitialEvents", "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list")]
    [InlineData("?watch=true&sendInitialEvents=true", "resourceVersionMatch", "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [InlineData("?watch=true&sendInitialEvents=false&allowWatchBookmarks=true", "resourceVersionMatch", "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [InlineData("?watch=true&resourceVersionMatch=NotOlderThan&resourceVersion=1", "resourceVersionMatch", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    [InlineData("/watch/namespaces/default/configmaps?resourceVersionMatch=NotOlderThan", "resourceVersionMatch", "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    public async Task SendInitialEventsAndAWatchsResourceVersionMatchAreCheckedAsKubernetesDoes(string query, string field, string message)
    {
        var path = query.StartsWith('/') ? "/api/v1" + query : ConfigMaps + query;
        var (code, status) = await cluster.SendAsync(HttpMethod.Get, path);

        Assert.Equal(422, code);
        Assert.Equal($"ListOptions.meta.k8s.io \"\" is invalid: {message}", status!["message"]!.GetValue<string>());
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray());
        Assert.Equal(field, cause!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWatchAskingForExactWithInitialEventsGetsBothErrors()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}?watch=true&sendInitialEvents=true&resourceVersionMatch=Exact&resourceVersion=1");

        Assert.Equal(422, code);
        var reasons = status!["details"]!["causes"]!.AsArray().Select(c => c!["reason"]!.GetValue<string>()).ToList();
        Assert.Equal(["FieldValueForbidden", "FieldValueNotSupported"], reasons);
        Assert.Contains("Unsupported value: \"Exact\": supported values: \"NotOlderThan\"", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task NotOlderThanReadsAtLeastTheRevisionAndExactOnlyTheCurrentOne()
    {
        var (created, configMap) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"rvm-one"}}""");
        Assert.Equal(201, created);
        var written = configMap!["metadata"]!["resourceVersion"]!.GetValue<string>();

        var (atLeast, list) = await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}?resourceVersionMatch=NotOlderThan&resourceVersion={written}");
        Assert.Equal(200, atLeast);
        Assert.Contains("rvm-one", Names(list!));
        Assert.True(long.Parse(list!["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= long.Parse(written, System.Globalization.CultureInfo.InvariantCulture));

        // Exact at the revision a plain list was just answered at: the same state, while nothing was written in between
        // (other tests of this class write too, so a 410 here is retried with a fresh revision).
        var answered = false;
        for (var attempt = 0; attempt < 20 && !answered; attempt++)
        {
            var (_, now) = await cluster.SendAsync(HttpMethod.Get, ConfigMaps);
            var current = now!["metadata"]!["resourceVersion"]!.GetValue<string>();
            var (exact, same) = await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}?resourceVersionMatch=Exact&resourceVersion={current}");
            answered = exact == 200 && same!["metadata"]!["resourceVersion"]!.GetValue<string>() == current;
        }
        Assert.True(answered, "an Exact list at the current revision was never answered");

        // Exact at a revision the cluster has moved past: 410, as Kubernetes answers one outside its cache.
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"rvm-two"}}""")).Code);
        // A plain list waits until the cache holds that write (the create answers before the change feed brings it).
        Assert.Contains("rvm-two", Names((await cluster.SendAsync(HttpMethod.Get, ConfigMaps)).Body!));
        var (expired, status) = await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}?resourceVersionMatch=Exact&resourceVersion={written}");
        Assert.Equal(410, expired);
        Assert.Equal("Expired", status!["reason"]!.GetValue<string>());
    }

    private static IEnumerable<string> Names(JsonNode list) => list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>());
}
