using Obs.ApiServer.Auth.Rbac;

namespace Obs.ApiServer.Tests.Auth.Rbac;

public sealed class PolicyRuleTests
{
    private static AccessRequest Pods(string verb, string ns = "default", string name = "", string sub = "") =>
        AccessRequest.ForResource(verb, "", "pods", sub, ns, name);

    [Fact]
    public void ARuleGrantsItsVerbsOnItsResourcesInItsGroupsOnly()
    {
        var rule = PolicyRule.Resource(["get", "list"], [""], ["pods"]);
        Assert.True(rule.Allows(Pods("list")));
        Assert.False(rule.Allows(Pods("delete")));
        Assert.False(rule.Allows(AccessRequest.ForResource("list", "apps", "pods", "", "default", "")));
        Assert.False(rule.Allows(AccessRequest.ForResource("list", "", "secrets", "", "default", "")));
    }

    [Fact]
    public void ASubresourceIsGrantedByItsOwnNameOrAWildcardNotByItsParent()
    {
        Assert.False(PolicyRule.Resource(["create"], [""], ["pods"]).Allows(Pods("create", name: "web", sub: "exec")));
        Assert.True(PolicyRule.Resource(["create"], [""], ["pods/exec"]).Allows(Pods("create", name: "web", sub: "exec")));
        Assert.True(PolicyRule.Resource(["create"], [""], ["pods/*"]).Allows(Pods("create", name: "web", sub: "exec")));
        Assert.True(PolicyRule.Resource(["update"], ["apps"], ["*/scale"]).Allows(AccessRequest.ForResource("update", "apps", "deployments", "scale", "default", "web")));
        Assert.True(PolicyRule.Resource(["*"], ["*"], ["*"]).Allows(Pods("get", name: "web", sub: "log")));
    }

    [Fact]
    public void ResourceNamesLimitARuleToThoseObjectsAndNeverGrantAList()
    {
        var rule = PolicyRule.Resource(["get", "list"], [""], ["configmaps"], ["settings"]);
        Assert.True(rule.Allows(AccessRequest.ForResource("get", "", "configmaps", "", "default", "settings")));
        Assert.False(rule.Allows(AccessRequest.ForResource("get", "", "configmaps", "", "default", "other")));
        Assert.False(rule.Allows(AccessRequest.ForResource("list", "", "configmaps", "", "default", "")));
    }

    [Fact]
    public void NonResourceUrlsMatchExactlyOrByATrailingStar()
    {
        var rule = PolicyRule.NonResource(["get"], ["/healthz", "/apis/*"]);
        Assert.True(rule.Allows(AccessRequest.ForPath("get", "/healthz")));
        Assert.False(rule.Allows(AccessRequest.ForPath("get", "/healthz/ping")));
        Assert.True(rule.Allows(AccessRequest.ForPath("get", "/apis/apps/v1")));
        Assert.False(rule.Allows(AccessRequest.ForPath("post", "/healthz")));
        Assert.False(rule.Allows(Pods("get")));
    }
}
