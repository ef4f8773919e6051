using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Dashboard.Access;
using static Obs.Dashboard.Tests.Access.ViewerCluster;

namespace Obs.Dashboard.Tests.Access;

/// <summary>A session's rules, learned from the real apiserver's reviews with the user's own token, kept and learned again.</summary>
public sealed class SessionAccessTests(ViewerCluster cluster) : IClassFixture<ViewerCluster>
{
    /// <summary>A clock the test moves by hand.</summary>
    private sealed class HandClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private ApiClient Client(string token) =>
        new(ApiClient.FromKubeconfig(cluster.Cluster.Kubeconfig).Connection with { Token = token }, new ApiClientOptions { Qps = 0 });

    [Fact]
    public async Task TheAdminIsLearnedAsEverythingAndTheViewerAsTheirNamespace()
    {
        using var adminApi = Client(Obs.Testing.TestPki.Token);
        using var viewerApi = Client(ViewerToken);

        var admin = await new SessionAccess(adminApi, () => [Visible, Hidden], TimeProvider.System).GetAsync();
        var viewer = await new SessionAccess(viewerApi, () => [Visible, Hidden], TimeProvider.System).GetAsync();

        Assert.True(admin.IsEverything);
        Assert.False(viewer.IsEverything);
        Assert.True(viewer.MayList(ResourceTypes.Pod, Visible));
        Assert.True(viewer.Allows("get", ResourceTypes.Pod, Visible, "any", "log"));
        Assert.False(viewer.MayList(ResourceTypes.Pod, Hidden));
        Assert.False(viewer.MayList(ResourceTypes.Node));
        // view holds no Secrets, as in Kubernetes.
        Assert.False(viewer.MayList(ResourceTypes.Secret, Visible));
    }

    [Fact]
    public async Task ABindingMadeLaterShowsOnceTheKeptRulesAreTooOld()
    {
        const string ns = "team-late";
        Assert.Equal(201, (await cluster.Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""")).Code);
        using var viewerApi = Client(ViewerToken);
        var clock = new HandClock();
        var session = new SessionAccess(viewerApi, () => [Visible, ns], clock);
        Assert.False((await session.GetAsync()).MayList(ResourceTypes.Pod, ns));

        Assert.Equal(201, (await cluster.Cluster.SendAsync(HttpMethod.Post, $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings",
            $$$"""{"metadata":{"name":"viewer-view"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"viewer"}]}""")).Code);
        // Kept: the session does not ask again before its rules are MaxAge old.
        await Task.Delay(500);
        Assert.False((await session.GetAsync()).MayList(ResourceTypes.Pod, ns));
        Assert.False(session.Current.MayList(ResourceTypes.Pod, ns));

        // Older than that, they are learned again; the apiserver applies a binding once its watch cache holds it.
        var learned = false;
        for (var attempt = 0; attempt < 100 && !learned; attempt++)
        {
            clock.Now += SessionAccess.MaxAge;
            learned = (await session.GetAsync()).MayList(ResourceTypes.Pod, ns);
            if (!learned) await Task.Delay(100);
        }
        Assert.True(learned);
        Assert.True(session.Current.MayList(ResourceTypes.Pod, ns));
    }
}
