using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.ApiServer.Auth.Rbac;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Auth.Rbac;

/// <summary>The default roles and bindings get what a newer version grants, and keep what an administrator added.</summary>
public sealed class BootstrapReconcileTests
{
    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject View => BootstrapPolicy.ClusterRoles().Single(r => ObjectMeta.Name(r) == "system:aggregate-to-view");

    [Fact]
    public void AStoredRoleGetsTheRulesItLacksAndKeepsItsOwn()
    {
        var stored = Obj("""
            {"metadata":{"name":"system:aggregate-to-view","labels":{"extra":"kept"},"annotations":{"rbac.authorization.kubernetes.io/autoupdate":"true"}},
             "rules":[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get"]},{"apiGroups":["example.com"],"resources":["widgets"],"verbs":["get"]}]}
            """);
        var result = BootstrapReconcile.Reconcile(stored, View)!;
        var rules = ((JsonArray)result["rules"]!).Select(PolicyRule.FromJson).ToList();
        Assert.Contains(rules, r => r.Allows(AccessRequest.ForResource("get", "example.com", "widgets")));
        Assert.Contains(rules, r => r.Allows(AccessRequest.ForResource("watch", "apps", "deployments", "scale")));
        Assert.Contains(rules, r => r.Allows(AccessRequest.ForResource("list", "metrics.k8s.io", "pods")));
        Assert.Equal("kept", result.StringAt("metadata", "labels", "extra"));
        Assert.Equal("true", result.StringAt("metadata", "labels", "rbac.authorization.k8s.io/aggregate-to-view"));
        // Once reconciled, nothing is left to add.
        Assert.Null(BootstrapReconcile.Reconcile(result, View));
    }

    [Fact]
    public void ARoleWhoseRulesAlreadyCoverTheDefaultsIsLeftAsItIs()
    {
        var stored = Obj("""{"metadata":{"name":"system:aggregate-to-view","labels":{"kubernetes.io/bootstrapping":"rbac-defaults","rbac.authorization.k8s.io/aggregate-to-admin":"true","rbac.authorization.k8s.io/aggregate-to-edit":"true","rbac.authorization.k8s.io/aggregate-to-view":"true"},"annotations":{"rbac.authorization.kubernetes.io/autoupdate":"true"}},"rules":[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]}""");
        Assert.Null(BootstrapReconcile.Reconcile(stored, View));
    }

    [Fact]
    public void AutoupdateFalseProtectsAStoredRole()
    {
        var stored = Obj("""{"metadata":{"name":"system:aggregate-to-view","annotations":{"rbac.authorization.kubernetes.io/autoupdate":"false"}},"rules":[]}""");
        Assert.Null(BootstrapReconcile.Reconcile(stored, View));
    }

    [Fact]
    public void ABindingGetsTheSubjectsItLacksAndAnAggregatingRoleItsSelectors()
    {
        var desired = BootstrapPolicy.ClusterRoleBindings().Single(b => ObjectMeta.Name(b) == "system:public-info-viewer");
        var stored = Obj("""{"metadata":{"name":"system:public-info-viewer"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"system:public-info-viewer"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"extra"}]}""");
        var subjects = ((JsonArray)BootstrapReconcile.Reconcile(stored, desired)!["subjects"]!).Select(s => s.StringAt("name")).ToList();
        Assert.Equal(["extra", "system:authenticated", "system:unauthenticated"], subjects);

        var edit = BootstrapPolicy.ClusterRoles().Single(r => ObjectMeta.Name(r) == "edit");
        var storedEdit = (JsonObject)edit.DeepClone();
        storedEdit["aggregationRule"] = Obj("""{"clusterRoleSelectors":[{"matchLabels":{"team/aggregate":"true"}}]}""");
        var selectors = (JsonArray)BootstrapReconcile.Reconcile(storedEdit, edit)!["aggregationRule"]!["clusterRoleSelectors"]!;
        Assert.Equal(2, selectors.Count);
    }
}

/// <summary>The reconciliation at an apiserver's start, against a real database.</summary>
public sealed class BootstrapReconcileOnStartTests : IAsyncLifetime
{
    private readonly TestCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();

    public Task DisposeAsync() => _cluster.DisposeAsync();

    private const string Roles = "/apis/rbac.authorization.k8s.io/v1/clusterroles/";

    [Fact]
    public async Task ARestartGivesBackWhatAnOlderRoleLackedUnlessItIsProtected()
    {
        // As an older Obs would have left them: view without metrics.k8s.io, and a protected edit without secrets.
        var view = await GetAsync("system:aggregate-to-view");
        view["rules"] = new JsonArray([.. ((JsonArray)view["rules"]!).Where(r => r?["apiGroups"]?[0]?.GetValue<string>() != "metrics.k8s.io").Select(r => r!.DeepClone())]);
        await PutAsync(view);
        Assert.DoesNotContain(Rules(await GetAsync("system:aggregate-to-view")), r => r.Allows(MetricsList));
        var edit = await GetAsync("system:aggregate-to-edit");
        edit.Ensure("metadata", "annotations")[BootstrapReconcile.AutoupdateAnnotation] = "false";
        edit["rules"] = new JsonArray();
        await PutAsync(edit);

        await _cluster.RestartAsync();
        Assert.Contains(Rules(await GetAsync("system:aggregate-to-view")), r => r.Allows(MetricsList));
        Assert.Empty(Rules(await GetAsync("system:aggregate-to-edit")));
    }

    private static readonly AccessRequest MetricsList = AccessRequest.ForResource("list", "metrics.k8s.io", "pods");

    private static List<PolicyRule> Rules(JsonObject role) => [.. ((JsonArray)role["rules"]!).Select(PolicyRule.FromJson)];

    private async Task<JsonObject> GetAsync(string name)
    {
        var (code, body) = await _cluster.SendAsync(HttpMethod.Get, Roles + name);
        Assert.Equal(200, code);
        return body!.AsObject();
    }

    private async Task PutAsync(JsonObject role)
    {
        var (code, body) = await _cluster.SendAsync(HttpMethod.Put, Roles + ObjectMeta.Name(role), role.ToJsonString());
        Assert.True(code == 200, body?.ToJsonString());
    }
}
