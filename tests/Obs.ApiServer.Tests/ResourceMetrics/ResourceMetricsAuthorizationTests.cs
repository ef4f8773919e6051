using Obs.ApiServer.Tests.Auth.Rbac;
using static Obs.ApiServer.Tests.Auth.Rbac.RbacTestCluster;

namespace Obs.ApiServer.Tests.ResourceMetrics;

/// <summary>metrics.k8s.io authorized by RBAC as Kubernetes authorizes it: pods and nodes of the group, get and list.</summary>
public sealed class ResourceMetricsAuthorizationTests(RbacTestCluster rbac) : IClassFixture<RbacTestCluster>
{
    private const string Metrics = "/apis/metrics.k8s.io/v1beta1";

    [Fact]
    public async Task ATokenWithoutRulesMayDiscoverTheGroupButNotReadIt()
    {
        Assert.Equal(200, (await rbac.SendAsAsync(BobToken, HttpMethod.Get, Metrics)).Code);
        var (code, status) = await rbac.SendAsAsync(BobToken, HttpMethod.Get, $"{Metrics}/namespaces/default/pods");
        Assert.Equal(403, code);
        Assert.Equal("pods.metrics.k8s.io is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"metrics.k8s.io\" in the namespace \"default\"",
            status!["message"]!.GetValue<string>());
        Assert.Equal(403, (await rbac.SendAsAsync(BobToken, HttpMethod.Get, $"{Metrics}/nodes")).Code);
        Assert.Equal(403, (await rbac.SendAsAsync(BobToken, HttpMethod.Get, $"{Metrics}/nodes/node-1")).Code);
        Assert.Equal(200, (await rbac.SendAsAsync(Obs.Testing.TestPki.Token, HttpMethod.Get, $"{Metrics}/nodes")).Code);
    }

    [Fact]
    public async Task TheViewRoleInANamespaceReadsItsPodsMetricsOnly()
    {
        await rbac.NamespaceAsync("rm-view");
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/rm-view/rolebindings", RoleBinding("rm-view", "carol-view", "ClusterRole", "view", User("carol")));

        Assert.Equal(200, await rbac.EventuallyAsync(200, () => rbac.SendAsAsync(CarolToken, HttpMethod.Get, $"{Metrics}/namespaces/rm-view/pods")));
        Assert.Equal(404, (await rbac.SendAsAsync(CarolToken, HttpMethod.Get, $"{Metrics}/namespaces/rm-view/pods/absent")).Code);
        Assert.Equal(403, (await rbac.SendAsAsync(CarolToken, HttpMethod.Get, $"{Metrics}/namespaces/default/pods")).Code);
        Assert.Equal(403, (await rbac.SendAsAsync(CarolToken, HttpMethod.Get, $"{Metrics}/pods")).Code);
        Assert.Equal(403, (await rbac.SendAsAsync(CarolToken, HttpMethod.Get, $"{Metrics}/nodes")).Code);
    }

    [Fact]
    public async Task AClusterRoleWithNodeMetricsReadsNodes()
    {
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterroles",
            ClusterRole("node-metrics-reader", """[{"apiGroups":["metrics.k8s.io"],"resources":["nodes"],"verbs":["get","list"]}]"""));
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", ClusterRoleBinding("alice-node-metrics", "node-metrics-reader", User("alice")));

        Assert.Equal(200, await rbac.EventuallyAsync(200, () => rbac.SendAsAsync(AliceToken, HttpMethod.Get, $"{Metrics}/nodes")));
        Assert.Equal(403, (await rbac.SendAsAsync(AliceToken, HttpMethod.Get, $"{Metrics}/pods")).Code);
    }
}
