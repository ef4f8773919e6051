using System.Text.Json.Nodes;
using Obs.ApiServer.Auth;
using Obs.ApiServer.Auth.Rbac;

namespace Obs.ApiServer.Tests.Auth.Rbac;

/// <summary>Roles and bindings turned into one user's rules: subjects, scopes and aggregation.</summary>
public sealed class RbacPolicyTests
{
    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static readonly JsonObject PodReader = Obj("""{"metadata":{"name":"pod-reader","namespace":"team"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}]}""");

    private static JsonObject Binding(string ns, string roleKind, string role, string subjects) =>
        Obj($$"""{"metadata":{"name":"b","namespace":"{{ns}}"},"roleRef":{"kind":"{{roleKind}}","name":"{{role}}"},"subjects":{{subjects}}}""");

    private static AccessRequest ListPods(string ns) => AccessRequest.ForResource("list", "", "pods", "", ns, "");

    [Fact]
    public void ARoleBindingGrantsItsRoleInItsNamespaceOnlyToItsSubjects()
    {
        var policy = RbacPolicy.From([], [PodReader], [], [Binding("team", "Role", "pod-reader", """[{"kind":"User","name":"alice"}]""")]);
        var alice = policy.RulesFor("alice", []);
        Assert.True(alice.Allows(ListPods("team")));
        Assert.False(alice.Allows(ListPods("other")));
        Assert.False(alice.Allows(ListPods("")));
        Assert.False(policy.RulesFor("bob", []).Allows(ListPods("team")));
    }

    [Fact]
    public void GroupsAndServiceAccountsAreSubjectsAsKubernetesNamesThem()
    {
        var policy = RbacPolicy.From([], [PodReader], [],
            [Binding("team", "Role", "pod-reader", """[{"kind":"Group","name":"devs"},{"kind":"ServiceAccount","name":"robot"}]""")]);
        Assert.True(policy.RulesFor("carol", ["devs"]).Allows(ListPods("team")));
        // A ServiceAccount subject without a namespace is in the binding's.
        Assert.True(policy.RulesFor(RbacSubject.ServiceAccountUser("team", "robot"), []).Allows(ListPods("team")));
        Assert.False(policy.RulesFor(RbacSubject.ServiceAccountUser("other", "robot"), []).Allows(ListPods("team")));
    }

    [Fact]
    public void AClusterRoleGrantsEverywhereThroughAClusterRoleBindingAndInOneNamespaceThroughARoleBinding()
    {
        var reader = Obj("""{"metadata":{"name":"reader"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["list"]}]}""");
        var cluster = RbacPolicy.From([reader], [], [Binding("", "ClusterRole", "reader", """[{"kind":"User","name":"ops"}]""")], []);
        Assert.True(cluster.RulesFor("ops", []).Allows(ListPods("")));
        Assert.True(cluster.RulesFor("ops", []).Allows(ListPods("any")));
        var local = RbacPolicy.From([reader], [], [], [Binding("team", "ClusterRole", "reader", """[{"kind":"User","name":"dev"}]""")]);
        Assert.True(local.RulesFor("dev", []).Allows(ListPods("team")));
        Assert.False(local.RulesFor("dev", []).Allows(ListPods("")));
    }

    [Fact]
    public void AnAggregatedClusterRoleHoldsTheRulesOfTheRolesItsSelectorsMatch()
    {
        var crontabs = Obj("""{"metadata":{"name":"crontab-view","labels":{"rbac.authorization.k8s.io/aggregate-to-view":"true"}},"rules":[{"apiGroups":["stable.example.com"],"resources":["crontabs"],"verbs":["get"]}]}""");
        var policy = RbacPolicy.From([.. BootstrapPolicy.ClusterRoles(), crontabs], [], [
            Binding("", "ClusterRole", "view", """[{"kind":"User","name":"v"}]"""),
            Binding("", "ClusterRole", "admin", """[{"kind":"User","name":"a"}]"""),
        ], []);
        var rules = policy.RulesFor("v", []);
        var getCrontab = AccessRequest.ForResource("get", "stable.example.com", "crontabs", "", "ns", "x");
        Assert.True(rules.Allows(getCrontab));
        Assert.True(rules.Allows(ListPods("ns")));
        Assert.False(rules.Allows(AccessRequest.ForResource("get", "", "secrets", "", "ns", "x")));
        // view aggregates into edit, and edit into admin: the crontab rule reaches admin too.
        Assert.True(policy.RulesFor("a", []).Allows(getCrontab));
    }

    [Fact]
    public void TheDefaultRolesGiveViewEditAndAdminWhatKubernetesGivesThem()
    {
        var roles = BootstrapPolicy.ClusterRoles();
        var policy = RbacPolicy.From(roles, [], [], [
            Binding("ns", "ClusterRole", "view", """[{"kind":"User","name":"viewer"}]"""),
            Binding("ns", "ClusterRole", "edit", """[{"kind":"User","name":"editor"}]"""),
            Binding("ns", "ClusterRole", "admin", """[{"kind":"User","name":"admin"}]"""),
        ]);
        var createRole = AccessRequest.ForResource("create", "rbac.authorization.k8s.io", "roles", "", "ns", "");
        var readSecret = AccessRequest.ForResource("get", "", "secrets", "", "ns", "s");
        var exec = AccessRequest.ForResource("create", "", "pods", "exec", "ns", "p");
        Assert.True(policy.RulesFor("viewer", []).Allows(ListPods("ns")));
        Assert.False(policy.RulesFor("viewer", []).Allows(readSecret));
        Assert.True(policy.RulesFor("editor", []).Allows(readSecret));
        Assert.True(policy.RulesFor("editor", []).Allows(exec));
        Assert.False(policy.RulesFor("editor", []).Allows(createRole));
        Assert.True(policy.RulesFor("admin", []).Allows(createRole));
    }
}
