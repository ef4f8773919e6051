using Obs.ApiServer.Auth.Rbac;

namespace Obs.ApiServer.Tests.Auth.Rbac;

/// <summary>How an HTTP request reads as RBAC attributes, as Kubernetes' request-info parsing reads it.</summary>
public sealed class AccessRequestTests
{
    [Theory]
    [InlineData("GET", "/api/v1/namespaces/default/pods", false, "list", "", "pods", "", "default", "")]
    [InlineData("GET", "/api/v1/namespaces/default/pods", true, "watch", "", "pods", "", "default", "")]
    [InlineData("GET", "/api/v1/watch/namespaces/default/pods", false, "watch", "", "pods", "", "default", "")]
    [InlineData("GET", "/api/v1/pods", false, "list", "", "pods", "", "", "")]
    [InlineData("GET", "/api/v1/namespaces/default/pods/web/log", false, "get", "", "pods", "log", "default", "web")]
    [InlineData("POST", "/api/v1/namespaces/default/pods/web/exec", false, "create", "", "pods", "exec", "default", "web")]
    [InlineData("GET", "/api/v1/namespaces/default/pods/web/exec", false, "get", "", "pods", "exec", "default", "web")]
    [InlineData("PUT", "/apis/apps/v1/namespaces/ns/deployments/web/scale", false, "update", "apps", "deployments", "scale", "ns", "web")]
    [InlineData("DELETE", "/apis/apps/v1/namespaces/ns/deployments", false, "deletecollection", "apps", "deployments", "", "ns", "")]
    [InlineData("PATCH", "/api/v1/nodes/n1", false, "patch", "", "nodes", "", "", "n1")]
    [InlineData("GET", "/api/v1/nodes/n1/proxy/metrics", false, "get", "", "nodes", "proxy", "", "n1")]
    [InlineData("GET", "/api/v1/namespaces/team", false, "get", "", "namespaces", "", "team", "team")]
    [InlineData("PUT", "/api/v1/namespaces/team/finalize", false, "update", "", "namespaces", "finalize", "team", "team")]
    [InlineData("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", false, "create", "authorization.k8s.io", "selfsubjectaccessreviews", "", "", "")]
    public void AResourcePathReadsAsItsVerbResourceAndScope(string method, string path, bool watch, string verb, string group, string resource, string sub, string ns, string name)
    {
        var request = AccessRequest.FromHttp(path, method, watch);
        Assert.Equal(AccessRequest.ForResource(verb, group, resource, sub, ns, name), request);
    }

    [Theory]
    [InlineData("GET", "/healthz", "get")]
    [InlineData("GET", "/api", "get")]
    [InlineData("GET", "/apis/apps/v1", "get")]
    [InlineData("GET", "/openapi/v3/api/v1", "get")]
    [InlineData("POST", "/metrics", "post")]
    public void OtherPathsAreNonResourceRequests(string method, string path, string verb) =>
        Assert.Equal(AccessRequest.ForPath(verb, path), AccessRequest.FromHttp(path, method, false));
}
