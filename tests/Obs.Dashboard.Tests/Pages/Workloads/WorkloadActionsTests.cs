using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Dashboard.Components.Objects;
using Obs.Dashboard.Pages.Workloads;
using Obs.Dashboard.Tests.Components;
using Obs.Testing;

namespace Obs.Dashboard.Tests.Pages.Workloads;

/// <summary>
/// The actions against a real apiserver. No controllers run there, so each test asserts on what
/// the API stored: the field kubectl would have written.
/// </summary>
public sealed class WorkloadActionsTests(TestCluster cluster) : IClassFixture<TestCluster>, IDisposable
{
    private readonly ApiClient _api = ApiClient.FromKubeconfig(cluster.Kubeconfig);
    private readonly string _ns = "act-" + Guid.NewGuid().ToString("N")[..8];

    private WorkloadActions Actions => new(_api, new FixedClock(FixedClock.Noon));

    private async Task<JsonObject> CreateDeploymentAsync(string name, string image = "nginx:1.27")
    {
        await CreateNamespaceAsync();
        var deployment = WorkloadObjects.Deployment(_ns, name, image: image);
        var meta = (JsonObject)deployment["metadata"]!;
        meta.Remove("uid");
        meta.Remove("creationTimestamp");
        meta.Remove("generation");
        deployment.Remove("status");
        return await _api.CreateAsync(ResourceTypes.Deployment, deployment);
    }

    [Fact]
    public async Task ScaleSetsSpecReplicasThroughTheScaleSubresource()
    {
        await CreateDeploymentAsync("web");

        var outcome = await ActionOutcome.RunAsync(() => Actions.ScaleAsync(WorkloadKinds.Deployments, _ns, "web", 5));

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("Deployment web scaled to 5 replicas.", outcome.Message);
        Assert.Equal(5, (await _api.GetAsync(ResourceTypes.Deployment, _ns, "web")).LongAt("spec", "replicas"));
    }

    [Fact]
    public async Task RestartStampsThePodTemplateAsKubectlDoes()
    {
        await CreateDeploymentAsync("web");

        var outcome = await ActionOutcome.RunAsync(() => Actions.RestartAsync(WorkloadKinds.Deployments, _ns, "web"));

        Assert.True(outcome.Succeeded, outcome.Message);
        var stored = await _api.GetAsync(ResourceTypes.Deployment, _ns, "web");
        Assert.Equal("2026-01-10T12:00:00Z", stored.StringAt("spec", "template", "metadata", "annotations", WorkloadActions.RestartedAtAnnotation));
    }

    [Fact]
    public async Task PauseAndResumeSetSpecPaused()
    {
        await CreateDeploymentAsync("web");

        await Actions.SetPausedAsync(_ns, "web", true);
        Assert.True((await _api.GetAsync(ResourceTypes.Deployment, _ns, "web")).BoolAt("spec", "paused"));
        await Actions.SetPausedAsync(_ns, "web", false);
        Assert.False((await _api.GetAsync(ResourceTypes.Deployment, _ns, "web")).BoolAt("spec", "paused") ?? false);
    }

    [Fact]
    public async Task RollbackRestoresTheOldReplicaSetsTemplateWithoutItsHash()
    {
        var deployment = await CreateDeploymentAsync("web", image: "nginx:1.27");
        await CreateReplicaSetAsync(deployment, "aaa", 1, "nginx:1.25");
        await CreateReplicaSetAsync(deployment, "bbb", 2, "nginx:1.27");

        var outcome = await ActionOutcome.RunAsync(() => Actions.RollbackAsync(_ns, "web", 1));

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("Deployment web rolled back to revision 1.", outcome.Message);
        var stored = await _api.GetAsync(ResourceTypes.Deployment, _ns, "web");
        Assert.Equal("nginx:1.25", ((JsonArray)stored.At("spec", "template", "spec", "containers")!)[0].StringAt("image"));
        Assert.Null(stored.StringAt("spec", "template", "metadata", "labels", "pod-template-hash"));
        Assert.Null(stored.StringAt("metadata", "annotations", RevisionHistory.RevisionAnnotation));
    }

    [Fact]
    public async Task RollbackToARevisionThatDoesNotExistSaysSo()
    {
        await CreateDeploymentAsync("web");

        var outcome = await ActionOutcome.RunAsync(() => Actions.RollbackAsync(_ns, "web", 7));

        Assert.False(outcome.Succeeded);
        Assert.Equal("Deployment web has no revision 7", outcome.Message);
    }

    [Fact]
    public async Task RunNowCreatesAJobOwnedByTheCronJobMarkedManual()
    {
        await CreateNamespaceAsync();
        var cronJob = await _api.CreateAsync(ResourceTypes.CronJob, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "backup", ["namespace"] = _ns },
            ["spec"] = new JsonObject
            {
                ["schedule"] = "0 3 * * *",
                ["jobTemplate"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["team"] = "ops" } },
                    ["spec"] = new JsonObject
                    {
                        ["template"] = new JsonObject
                        {
                            ["spec"] = new JsonObject
                            {
                                ["restartPolicy"] = "OnFailure",
                                ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "busybox", ["command"] = new JsonArray("true") }),
                            },
                        },
                    },
                },
            },
        });

        var outcome = await ActionOutcome.RunAsync(() => Actions.RunNowAsync(_ns, "backup"));

        Assert.True(outcome.Succeeded, outcome.Message);
        var job = Assert.Single((await _api.ListAsync(ResourceTypes.Job, _ns)).Items);
        Assert.StartsWith("backup-manual-", ObjectMeta.Name(job));
        Assert.Equal($"Job {ObjectMeta.Name(job)} created from CronJob backup.", outcome.Message);
        Assert.Equal("manual", job.StringAt("metadata", "annotations", WorkloadActions.InstantiateAnnotation));
        Assert.Equal("ops", job.StringAt("metadata", "labels", "team"));
        var owner = Assert.Single((JsonArray)job.At("metadata", "ownerReferences")!)!;
        Assert.Equal(("CronJob", "backup", ObjectMeta.Uid(cronJob), true), (owner.StringAt("kind"), owner.StringAt("name"), owner.StringAt("uid"), owner.BoolAt("controller") == true));
        Assert.Equal("busybox", ((JsonArray)job.At("spec", "template", "spec", "containers")!)[0].StringAt("image"));
    }

    [Fact]
    public async Task DeleteRemovesTheWorkload()
    {
        await CreateDeploymentAsync("web");

        var outcome = await ActionOutcome.RunAsync(() => Actions.DeleteAsync(ResourceTypes.Deployment, _ns, "web"));

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Null(await _api.TryGetAsync(ResourceTypes.Deployment, _ns, "web"));
    }

    [Fact]
    public async Task AReplicationControllerIsScaledThroughItsScaleSubresource()
    {
        await CreateNamespaceAsync();
        var controller = WorkloadObjects.ReplicationController(_ns, "legacy", replicas: 1);
        var meta = (JsonObject)controller["metadata"]!;
        meta.Remove("uid");
        meta.Remove("creationTimestamp");
        meta.Remove("generation");
        controller.Remove("status");
        await _api.CreateAsync(ResourceTypes.ReplicationController, controller);

        var outcome = await ActionOutcome.RunAsync(() => Actions.ScaleAsync(WorkloadKinds.ReplicationControllers, _ns, "legacy", 4));

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("ReplicationController legacy scaled to 4 replicas.", outcome.Message);
        Assert.Equal(4, (await _api.GetAsync(ResourceTypes.ReplicationController, _ns, "legacy")).LongAt("spec", "replicas"));
    }

    [Fact]
    public async Task AnApiRefusalIsAMessageNotAnException()
    {
        var outcome = await ActionOutcome.RunAsync(() => Actions.ScaleAsync(WorkloadKinds.Deployments, _ns, "missing", 2));

        Assert.False(outcome.Succeeded);
        Assert.StartsWith("NotFound: ", outcome.Message);
        Assert.Contains("missing", outcome.Message);
    }

    [Fact]
    public async Task WithoutASignedInUserTheActionSaysSo()
    {
        var user = new Obs.Dashboard.Auth.CurrentUser();

        var outcome = await ActionOutcome.RunAsync(() => new WorkloadActions(user.RequireApi(), TimeProvider.System).RestartAsync(WorkloadKinds.Deployments, _ns, "web"));

        Assert.Equal((false, "nobody is signed in"), (outcome.Succeeded, outcome.Message));
    }

    private Task CreateNamespaceAsync() =>
        _api.CreateAsync(ResourceTypes.Namespace, new JsonObject { ["metadata"] = new JsonObject { ["name"] = _ns } });

    private async Task CreateReplicaSetAsync(JsonObject deployment, string hash, long revision, string image)
    {
        var set = WorkloadObjects.ReplicaSet(deployment, hash, revision, image, 0);
        var meta = (JsonObject)set["metadata"]!;
        meta.Remove("uid");
        meta.Remove("creationTimestamp");
        set.Remove("status");
        await _api.CreateAsync(ResourceTypes.ReplicaSet, set);
    }

    public void Dispose() => _api.Dispose();
}
