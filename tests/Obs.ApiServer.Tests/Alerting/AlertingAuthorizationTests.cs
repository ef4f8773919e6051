using Obs.ApiServer.Tests.Auth.Rbac;
using static Obs.ApiServer.Tests.Auth.Rbac.RbacTestCluster;

namespace Obs.ApiServer.Tests.Alerting;

/// <summary>The on-call receiver's API authorized by RBAC as non-resource URLs: a valid token alone is not enough.</summary>
public sealed class AlertingAuthorizationTests(RbacTestCluster rbac) : IClassFixture<RbacTestCluster>
{
    [Fact]
    public async Task ATokenWithoutAlertingRulesIsRefusedEveryPath()
    {
        Assert.Equal(403, (await rbac.SendAsAsync(BobToken, HttpMethod.Get, "/alerting/v1/alerts")).Code);
        Assert.Equal(403, (await rbac.SendAsAsync(BobToken, HttpMethod.Get, "/alerting/v1/silences")).Code);
        Assert.Equal(403, (await rbac.SendAsAsync(BobToken, HttpMethod.Post, "/alerting/v1/alerts/1/ack", "{}")).Code);
        var (code, status) = await rbac.SendAsAsync(BobToken, HttpMethod.Post, "/alerting/v1/webhook", "{}");
        Assert.Equal(403, code);
        Assert.Equal("forbidden: User \"bob\" cannot post path \"/alerting/v1/webhook\"", status!["message"]!.GetValue<string>());
        Assert.Equal(401, (await rbac.SendAsAsync("no-such-token", HttpMethod.Get, "/alerting/v1/alerts")).Code);
        Assert.Equal(200, (await rbac.SendAsAsync(Obs.Testing.TestPki.Token, HttpMethod.Get, "/alerting/v1/alerts")).Code);
    }

    [Fact]
    public async Task TheViewRoleReadsAndTheRespondRoleAlsoAcknowledges()
    {
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", ClusterRoleBinding("carol-alerts", "obs:alerting-view", User("carol")));
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", ClusterRoleBinding("alice-alerts", "obs:alerting-respond", User("alice")));

        Assert.Equal(200, await rbac.EventuallyAsync(200, () => rbac.SendAsAsync(CarolToken, HttpMethod.Get, "/alerting/v1/alerts")));
        Assert.Equal(200, (await rbac.SendAsAsync(CarolToken, HttpMethod.Get, "/alerting/v1/silences")).Code);
        Assert.Equal(403, (await rbac.SendAsAsync(CarolToken, HttpMethod.Post, "/alerting/v1/alerts/1/ack", "{}")).Code);
        Assert.Equal(200, await rbac.EventuallyAsync(200, () => rbac.SendAsAsync(AliceToken, HttpMethod.Get, "/alerting/v1/alerts")));
        // Allowed, and then not found: no alert 424242 was ever received.
        Assert.Equal(404, (await rbac.SendAsAsync(AliceToken, HttpMethod.Post, "/alerting/v1/alerts/424242/ack", "{}")).Code);
        Assert.Equal(403, (await rbac.SendAsAsync(AliceToken, HttpMethod.Post, "/alerting/v1/webhook", "{}")).Code);
    }

    [Fact]
    public async Task ANamespaceRoleBindingDoesNotGrantPathRules()
    {
        await rbac.NamespaceAsync("alerting-rb");
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/alerting-rb/rolebindings",
            RoleBinding("alerting-rb", "bob-alerts", "ClusterRole", "obs:alerting-respond", User("bob")));
        // The binding is in the cache once Bob may read the namespace's rolebindings... he may not: wait on the admin's view instead.
        Assert.Equal(200, await rbac.EventuallyAsync(200, () => rbac.Cluster.SendAsync(HttpMethod.Get, "/apis/rbac.authorization.k8s.io/v1/namespaces/alerting-rb/rolebindings/bob-alerts")));

        Assert.Equal(403, (await rbac.SendAsAsync(BobToken, HttpMethod.Get, "/alerting/v1/alerts")).Code);
    }
}
