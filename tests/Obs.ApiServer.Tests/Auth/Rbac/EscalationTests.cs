using static Obs.ApiServer.Tests.Auth.Rbac.RbacTestCluster;

namespace Obs.ApiServer.Tests.Auth.Rbac;

/// <summary>A user who may write roles and bindings still cannot grant more than they hold, unless allowed to escalate or bind.</summary>
public sealed class EscalationTests(RbacTestCluster rbac) : IClassFixture<RbacTestCluster>
{
    private const string Roles = "/apis/rbac.authorization.k8s.io/v1/namespaces/escalate/roles";
    private const string Bindings = "/apis/rbac.authorization.k8s.io/v1/namespaces/escalate/rolebindings";

    [Fact]
    public async Task ANamespaceAdminCannotGrantWhatTheyDoNotHold()
    {
        await rbac.NamespaceAsync("escalate");
        // Alice administers the namespace: she may write roles and bindings there, and read secrets, but not nodes.
        await rbac.CreateAsync(Bindings, RoleBinding("escalate", "alice-admin", "ClusterRole", "admin", User("alice")));
        Assert.Equal(200, await rbac.EventuallyAsync(200, () => rbac.SendAsAsync(AliceToken, HttpMethod.Get, Roles)));

        var within = Role("escalate", "secret-reader", """[{"apiGroups":[""],"resources":["secrets"],"verbs":["get"]}]""");
        Assert.Equal(201, (await rbac.SendAsAsync(AliceToken, HttpMethod.Post, Roles, within)).Code);
        var beyond = Role("escalate", "everything", """[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]""");
        var (code, status) = await rbac.SendAsAsync(AliceToken, HttpMethod.Post, Roles, beyond);
        Assert.Equal(403, code);
        Assert.StartsWith("roles.rbac.authorization.k8s.io \"everything\" is forbidden: user \"alice\"", status!["message"]!.GetValue<string>());
        Assert.Contains("is attempting to grant RBAC permissions not currently held", status["message"]!.GetValue<string>());

        // Binding a role she holds is fine; binding cluster-admin is not.
        Assert.Equal(201, (await rbac.SendAsAsync(AliceToken, HttpMethod.Post, Bindings, RoleBinding("escalate", "bob-view", "ClusterRole", "view", User("bob")))).Code);
        Assert.Equal(403, (await rbac.SendAsAsync(AliceToken, HttpMethod.Post, Bindings, RoleBinding("escalate", "bob-root", "ClusterRole", "cluster-admin", User("bob")))).Code);

        // Given bind on cluster-admin, she may bind it (in her namespace), as Kubernetes allows.
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/escalate/roles",
            Role("escalate", "bind-admin", """[{"apiGroups":["rbac.authorization.k8s.io"],"resources":["clusterroles"],"verbs":["bind"],"resourceNames":["cluster-admin"]}]"""));
        await rbac.CreateAsync(Bindings, RoleBinding("escalate", "alice-bind", "Role", "bind-admin", User("alice")));
        Assert.Equal(201, await rbac.EventuallyAsync(201, () => rbac.SendAsAsync(AliceToken, HttpMethod.Post, Bindings, RoleBinding("escalate", "bob-root", "ClusterRole", "cluster-admin", User("bob")))));
    }
}
