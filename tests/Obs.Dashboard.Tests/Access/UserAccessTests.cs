using Obs.Api.Resources;
using Obs.Dashboard.Access;

namespace Obs.Dashboard.Tests.Access;

/// <summary>Rules as SelfSubjectRulesReview lists them, matched as RBAC matches them, per namespace and cluster-wide.</summary>
public sealed class UserAccessTests
{
    private static AccessRule Rule(string[] verbs, string[] groups, string[] resources, string[]? names = null) => new(verbs, groups, resources, names ?? [], []);

    private static UserAccess ViewIn(string ns) => new(
        [new AccessRule(["get"], [], [], [], ["/api", "/api/*"])],
        new Dictionary<string, IReadOnlyList<AccessRule>> { [ns] = [Rule(["get", "list", "watch"], [""], ["pods", "pods/log", "events", "namespaces"])] });

    [Fact]
    public void ANamespacesRulesHoldInThatNamespaceOnly()
    {
        var access = ViewIn("team-a");

        Assert.True(access.MayList(ResourceTypes.Pod, "team-a"));
        Assert.True(access.Allows("get", ResourceTypes.Pod, "team-a", "web", "log"));
        Assert.False(access.MayList(ResourceTypes.Pod, "team-b"));
        Assert.False(access.MayList(ResourceTypes.Pod));
        Assert.False(access.MayList(ResourceTypes.Deployment, "team-a"));
        // A namespace's own rules reach the namespace object itself, never another cluster-scoped one.
        Assert.True(access.MayGet(ResourceTypes.Namespace, null, "team-a"));
        Assert.False(access.MayGet(ResourceTypes.Namespace, null, "team-b"));
        Assert.False(access.MayList(ResourceTypes.Node));
        Assert.Equal(["team-a"], access.Namespaces(ResourceTypes.Pod, ["team-a", "team-b"]));
    }

    [Fact]
    public void ClusterWideRulesHoldEverywhereAndForClusterScopedResources()
    {
        var access = new UserAccess([Rule(["list"], [""], ["nodes", "pods"])], new Dictionary<string, IReadOnlyList<AccessRule>>());

        Assert.True(access.MayList(ResourceTypes.Node));
        Assert.True(access.MayList(ResourceTypes.Pod, "anywhere"));
        Assert.False(access.MayGet(ResourceTypes.Pod, "anywhere", "web"));
        Assert.Equal(["a", "b"], access.Namespaces(ResourceTypes.Pod, ["a", "b"]));
    }

    [Fact]
    public void ARuleLimitedToNamesGrantsThoseNamesAndNoList()
    {
        var access = new UserAccess([Rule(["get", "list"], [""], ["nodes"], ["node-1"])], new Dictionary<string, IReadOnlyList<AccessRule>>());

        Assert.True(access.MayGet(ResourceTypes.Node, null, "node-1"));
        Assert.False(access.MayGet(ResourceTypes.Node, null, "node-2"));
        Assert.False(access.MayList(ResourceTypes.Node));
    }

    [Fact]
    public void SubresourceWildcardsMatchAsRbacReadsThem()
    {
        var access = new UserAccess([Rule(["get"], [""], ["pods/*"]), Rule(["update"], ["apps"], ["*/scale"])], new Dictionary<string, IReadOnlyList<AccessRule>>());
        Assert.True(access.Allows("get", ResourceTypes.Pod, "a", "web", "log"));
        Assert.False(access.Allows("get", ResourceTypes.Pod, "a", "web"));
        Assert.True(access.Allows("update", ResourceTypes.Deployment, "a", "web", "scale"));
        Assert.False(access.Allows("update", ResourceTypes.Deployment, "a", "web"));
        Assert.False(access.Allows("update", ResourceTypes.Deployment, "a", "web", "status"));
    }

    [Fact]
    public void PathRulesMatchExactlyOrByTheirPrefix()
    {
        var access = new UserAccess([new AccessRule(["get"], [], [], [], ["/alerting/v1/alerts", "/alerting/v1/alerts/*"])], new Dictionary<string, IReadOnlyList<AccessRule>>());

        Assert.True(access.AllowsPath("get", "/alerting/v1/alerts"));
        Assert.True(access.AllowsPath("get", "/alerting/v1/alerts/7"));
        Assert.False(access.AllowsPath("post", "/alerting/v1/alerts/7/ack"));
        Assert.False(UserAccess.Nothing.AllowsPath("get", "/alerting/v1/alerts"));
        Assert.True(UserAccess.Everything.AllowsPath("post", "/alerting/v1/silences"));
    }
}
