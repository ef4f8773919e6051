using Obs.Api.Resources;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Tests.Http;

public sealed class RequestInfoTests
{
    [Theory]
    [InlineData("GET", "/api/v1/namespaces", "namespaces", null, null, null, "list")]
    [InlineData("GET", "/api/v1/namespaces/default", "namespaces", null, "default", null, "get")]
    [InlineData("PUT", "/api/v1/namespaces/demo/finalize", "namespaces", null, "demo", "finalize", "update")]
    [InlineData("GET", "/api/v1/namespaces/default/pods", "pods", "default", null, null, "list")]
    [InlineData("GET", "/api/v1/pods", "pods", null, null, null, "list")]
    [InlineData("GET", "/api/v1/namespaces/default/pods/web-0/log", "pods", "default", "web-0", "log", "get")]
    [InlineData("PATCH", "/apis/apps/v1/namespaces/prod/deployments/web/scale", "deployments", "prod", "web", "scale", "patch")]
    [InlineData("DELETE", "/apis/apps/v1/namespaces/prod/deployments", "deployments", "prod", null, null, "deletecollection")]
    [InlineData("GET", "/api/v1/watch/namespaces/default/pods", "pods", "default", null, null, "watch")]
    [InlineData("GET", "/api/v1/nodes/n1", "nodes", null, "n1", null, "get")]
    [InlineData("GET", "/api/v1/nodes/n1:10250/proxy/metrics/cadvisor", "nodes", null, "n1:10250", "proxy", "get")]
    [InlineData("POST", "/api/v1/namespaces/default/pods/https:web:8443/proxy/a/b/", "pods", "default", "https:web:8443", "proxy", "create")]
    [InlineData("DELETE", "/api/v1/namespaces/default/services/web:http/proxy/items/1", "services", "default", "web:http", "proxy", "delete")]
    public void ResourcePathsParseAsKubernetesLaysThemOut(string method, string path, string plural, string? ns, string? name, string? sub, string verb)
    {
        var info = RequestInfo.Parse(path, method, watch: false)!;
        Assert.Equal(plural, info.Type.Plural);
        Assert.Equal(ns, info.Namespace);
        Assert.Equal(name, info.Name);
        Assert.Equal(sub, info.Subresource);
        Assert.Equal(verb, info.Verb);
    }

    [Fact]
    public void AWatchQueryMakesAListAWatch() =>
        Assert.Equal("watch", RequestInfo.Parse("/api/v1/namespaces/default/configmaps", "GET", watch: true)!.Verb);

    [Theory]
    [InlineData("/api/v1/things")]
    [InlineData("/apis/apps/v1/namespaces/x/deployments/web/rollback")]
    [InlineData("/api/v1/namespaces/x/nodes/n1")]
    [InlineData("/api/v1/namespaces/x/pods/web/log/more")]
    [InlineData("/api/v1/namespaces/default/pods/a\u0000b")]
    [InlineData("/apis/apps/v2/deployments")]
    [InlineData("/api")]
    public void PathsThatNameNoServedResourceAreNull(string path) => Assert.Null(RequestInfo.Parse(path, "GET", watch: false));

    [Fact]
    public void TheResourceTypeIsTheRegistrysOwn() =>
        Assert.Same(ResourceTypes.Deployment, RequestInfo.Parse("/apis/apps/v1/deployments", "GET", false)!.Type);
}
