using System.Text.Json.Nodes;
using static Obs.ApiServer.Tests.Auth.Rbac.RbacTestCluster;

namespace Obs.ApiServer.Tests.Auth.Rbac;

/// <summary>Requests allowed and refused by roles and bindings on a real apiserver (PostgreSQL, watch cache).</summary>
public sealed class RbacAuthorizationTests(RbacTestCluster rbac) : IClassFixture<RbacTestCluster>
{
    private Task<(int Code, JsonNode? Body)> AliceAsync(HttpMethod method, string path, string? body = null) => rbac.SendAsAsync(AliceToken, method, path, body);

    [Fact]
    public async Task AUserWithNoRoleIsRefusedWithKubernetesForbiddenStatus()
    {
        var (code, status) = await rbac.SendAsAsync(BobToken, HttpMethod.Get, "/api/v1/namespaces/default/pods");
        Assert.Equal(403, code);
        Assert.Equal("Status", status!["kind"]!.GetValue<string>());
        Assert.Equal("Forbidden", status["reason"]!.GetValue<string>());
        Assert.Equal("pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"", status["message"]!.GetValue<string>());
        var (named, byName) = await rbac.SendAsAsync(BobToken, HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/web");
        Assert.Equal(403, named);
        Assert.Equal("deployments.apps \"web\" is forbidden: User \"bob\" cannot get resource \"deployments\" in API group \"apps\" in the namespace \"default\"", byName!["message"]!.GetValue<string>());
        var (_, nodes) = await rbac.SendAsAsync(BobToken, HttpMethod.Get, "/api/v1/nodes");
        Assert.EndsWith("at the cluster scope", nodes!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARoleGrantsItsVerbsInItsNamespaceAndNothingElse()
    {
        await rbac.NamespaceAsync("rbac-verbs");
        await rbac.NamespaceAsync("rbac-verbs-other");
        await rbac.CreateAsync("/api/v1/namespaces/rbac-verbs/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}""");
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/rbac-verbs/roles",
            Role("rbac-verbs", "cm-reader", """[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get","list"]}]"""));
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/rbac-verbs/rolebindings",
            RoleBinding("rbac-verbs", "alice-cm", "Role", "cm-reader", User("alice")));

        Assert.Equal(200, await rbac.EventuallyAsync(200, () => AliceAsync(HttpMethod.Get, "/api/v1/namespaces/rbac-verbs/configmaps")));
        Assert.Equal(200, (await AliceAsync(HttpMethod.Get, "/api/v1/namespaces/rbac-verbs/configmaps/c")).Code);
        Assert.Equal(403, (await AliceAsync(HttpMethod.Delete, "/api/v1/namespaces/rbac-verbs/configmaps/c")).Code);
        Assert.Equal(403, (await AliceAsync(HttpMethod.Get, "/api/v1/namespaces/rbac-verbs/configmaps?watch=true")).Code);
        Assert.Equal(403, (await AliceAsync(HttpMethod.Get, "/api/v1/namespaces/rbac-verbs-other/configmaps")).Code);
        Assert.Equal(403, (await AliceAsync(HttpMethod.Get, "/api/v1/configmaps")).Code);
        Assert.Equal(403, (await AliceAsync(HttpMethod.Get, "/api/v1/namespaces/rbac-verbs/secrets")).Code);
        // Bob is not bound: the binding names alice alone.
        Assert.Equal(403, (await rbac.SendAsAsync(BobToken, HttpMethod.Get, "/api/v1/namespaces/rbac-verbs/configmaps")).Code);
    }

    [Fact]
    public async Task SubresourcesAndResourceNamesAreGrantedApart()
    {
        await rbac.NamespaceAsync("rbac-sub");
        await rbac.CreateAsync("/apis/apps/v1/namespaces/rbac-sub/deployments",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"x"}]}}}}""");
        await rbac.CreateAsync("/apis/apps/v1/namespaces/rbac-sub/deployments",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"api"}},"template":{"metadata":{"labels":{"app":"api"}},"spec":{"containers":[{"name":"c","image":"x"}]}}}}""");
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/rbac-sub/roles",
            Role("rbac-sub", "scaler", """[{"apiGroups":["apps"],"resources":["deployments/scale"],"verbs":["get","update","patch"]},{"apiGroups":["apps"],"resources":["deployments"],"resourceNames":["web"],"verbs":["get"]}]"""));
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/rbac-sub/rolebindings",
            RoleBinding("rbac-sub", "devs-scale", "Role", "scaler", """[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"devs"}]"""));

        // Alice is in the group devs.
        Assert.Equal(200, await rbac.EventuallyAsync(200, () => AliceAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/rbac-sub/deployments/web/scale")));
        Assert.Equal(200, (await AliceAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/rbac-sub/deployments/api/scale", """{"spec":{"replicas":2}}""")).Code);
        Assert.Equal(200, (await AliceAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/rbac-sub/deployments/web")).Code);
        Assert.Equal(403, (await AliceAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/rbac-sub/deployments/api")).Code);
        Assert.Equal(403, (await AliceAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/rbac-sub/deployments")).Code);
        var (code, status) = await AliceAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/rbac-sub/deployments/web", """{"spec":{"replicas":3}}""");
        Assert.Equal(403, code);
        Assert.Contains("cannot patch resource \"deployments\"", status!["message"]!.GetValue<string>());
        var (logCode, log) = await AliceAsync(HttpMethod.Get, "/api/v1/namespaces/rbac-sub/pods/p/log");
        Assert.Equal(403, logCode);
        Assert.Contains("cannot get resource \"pods/log\"", log!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task NonResourceUrlsNeedAClusterRoleBindingWhileDiscoveryIsEveryUsers()
    {
        Assert.Equal(200, (await rbac.SendAsAsync(CarolToken, HttpMethod.Get, "/api")).Code);
        Assert.Equal(200, (await rbac.SendAsAsync(CarolToken, HttpMethod.Get, "/apis/apps/v1")).Code);
        Assert.Equal(200, (await rbac.SendAsAsync(CarolToken, HttpMethod.Get, "/openapi/v3")).Code);
        var (code, status) = await rbac.SendAsAsync(CarolToken, HttpMethod.Get, "/metrics");
        Assert.Equal(403, code);
        Assert.Equal("forbidden: User \"carol\" cannot get path \"/metrics\"", status!["message"]!.GetValue<string>());
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterroles", ClusterRole("metrics-reader", """[{"nonResourceURLs":["/metrics"],"verbs":["get"]}]"""));
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", ClusterRoleBinding("carol-metrics", "metrics-reader", User("carol")));
        Assert.Equal(200, await rbac.EventuallyAsync(200, () => rbac.SendAsAsync(CarolToken, HttpMethod.Get, "/metrics")));
    }

    [Fact]
    public async Task AServiceAccountTokenActsAsItsAccountAndItsGroups()
    {
        await rbac.NamespaceAsync("rbac-sa");
        await rbac.CreateAsync("/api/v1/namespaces/rbac-sa/serviceaccounts", """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot"}}""");
        var (_, issued) = await rbac.Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/rbac-sa/serviceaccounts/robot/token",
            """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{}}""");
        var token = issued!["status"]!["token"]!.GetValue<string>();
        var (denied, status) = await rbac.SendAsAsync(token, HttpMethod.Get, "/api/v1/namespaces/rbac-sa/pods");
        Assert.Equal(403, denied);
        Assert.StartsWith("pods is forbidden: User \"system:serviceaccount:rbac-sa:robot\" cannot list", status!["message"]!.GetValue<string>());

        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/rbac-sa/rolebindings",
            RoleBinding("rbac-sa", "robot-view", "ClusterRole", "view", """[{"kind":"ServiceAccount","name":"robot","namespace":"rbac-sa"}]"""));
        Assert.Equal(200, await rbac.EventuallyAsync(200, () => rbac.SendAsAsync(token, HttpMethod.Get, "/api/v1/namespaces/rbac-sa/pods")));
        Assert.Equal(403, (await rbac.SendAsAsync(token, HttpMethod.Get, "/api/v1/namespaces/rbac-sa/secrets")).Code);

        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/rbac-sa/rolebindings",
            RoleBinding("rbac-sa", "all-sa-edit", "ClusterRole", "edit", """[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"system:serviceaccounts:rbac-sa"}]"""));
        Assert.Equal(200, await rbac.EventuallyAsync(200, () => rbac.SendAsAsync(token, HttpMethod.Get, "/api/v1/namespaces/rbac-sa/secrets")));
    }

    [Fact]
    public async Task TheDefaultRolesAndBindingsExistMarkedForAutoupdate()
    {
        foreach (var name in new[] { "cluster-admin", "admin", "edit", "view", "system:discovery", "system:basic-user", "system:public-info-viewer" })
        {
            var (code, role) = await rbac.Cluster.SendAsync(HttpMethod.Get, $"/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}");
            Assert.True(code == 200, $"clusterrole {name}: {code}");
            Assert.Equal("true", role!["metadata"]!["annotations"]!["rbac.authorization.kubernetes.io/autoupdate"]!.GetValue<string>());
        }
        var (_, binding) = await rbac.Cluster.SendAsync(HttpMethod.Get, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:basic-user");
        Assert.Equal("system:authenticated", binding!["subjects"]![0]!["name"]!.GetValue<string>());
        var (_, admin) = await rbac.Cluster.SendAsync(HttpMethod.Get, "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin");
        Assert.Equal("true", admin!["aggregationRule"]!["clusterRoleSelectors"]![0]!["matchLabels"]!["rbac.authorization.k8s.io/aggregate-to-admin"]!.GetValue<string>());
    }
}
