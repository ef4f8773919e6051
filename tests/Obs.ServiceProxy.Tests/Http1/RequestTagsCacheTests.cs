using Obs.ServiceProxy.Balancing;
using Obs.ServiceProxy.Configuration;
using Obs.ServiceProxy.Http1;

namespace Obs.ServiceProxy.Tests.Http1;

public sealed class RequestTagsCacheTests
{
    private static ServicePortTarget Target(string service) =>
        new("ns", service, "http", 80, ProxyProtocol.Http1, new EndpointPicker(TimeProvider.System), null);

    private static Dictionary<string, object?> Labels(KeyValuePair<string, object?>[] tags) => tags.ToDictionary(t => t.Key, t => t.Value);

    [Fact]
    public void TheSameRequestShapeReusesItsLabels()
    {
        var cache = new RequestTagsCache();
        var target = Target("web");
        var first = cache.For(target, "GET", 200, null);
        Assert.Same(first, cache.For(target, "GET", 200, null));
        Assert.Equal(new Dictionary<string, object?>
        {
            ["namespace"] = "ns",
            ["service"] = "web",
            ["http.request.method"] = "GET",
            ["http.response.status_code"] = 200,
        }, Labels(first));
    }

    [Fact]
    public void AnyDifferenceMakesNewLabels()
    {
        var cache = new RequestTagsCache();
        var target = Target("web");
        cache.For(target, "GET", 200, null);
        Assert.Equal(404, Labels(cache.For(target, "GET", 404, null))["http.response.status_code"]);
        Assert.Equal("POST", Labels(cache.For(target, "POST", 404, null))["http.request.method"]);
        Assert.Equal("/users/{id}", Labels(cache.For(target, "POST", 404, "/users/{id}"))["http.route"]);
        Assert.False(Labels(cache.For(target, "POST", 404, null)).ContainsKey("http.route"));
        // A rebuilt target (the service changed) may name another service.
        Assert.Equal("api", Labels(cache.For(Target("api"), "POST", 404, null))["service"]);
    }
}
