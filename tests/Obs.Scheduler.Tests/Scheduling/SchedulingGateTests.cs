using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Testing;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Scheduling;

/// <summary>
/// Pod scheduling readiness as the Kubernetes documentation walks it through with kubectl: a pod created
/// with <c>spec.schedulingGates</c> shows SchedulingGated and is left alone by the scheduler; gates can
/// be removed, not added; a gated pod may still gain node selector labels and required node affinity; the
/// last gate removed, it is scheduled where they say.
/// </summary>
public sealed class SchedulingGateTests(TestCluster cluster) : IClassFixture<TestCluster>, IAsyncLifetime
{
    private RunningScheduler _s = null!;

    public Task InitializeAsync()
    {
        _s = new RunningScheduler(cluster);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task AGatedPodWaitsUntilItsLastGateIsRemovedThenLandsWhereItsSelectorSays()
    {
        var ns = await _s.NamespaceAsync();
        var zone = RunningScheduler.UniqueName("zone");
        var chosen = RunningScheduler.UniqueName("chosen");
        await _s.CreateNodeAsync(Node(RunningScheduler.UniqueName("other"), "8"));
        await _s.CreateNodeAsync(Node(chosen, labels: Labels("zone=" + zone, "disk=ssd")));
        // In the zone too, and emptier: only the node affinity added below keeps the pod off it.
        await _s.CreateNodeAsync(Node(RunningScheduler.UniqueName("spinning"), "8", labels: Labels("zone=" + zone, "disk=hdd")));
        await _s.CreatePodAsync(Pod("gated", "100m", ns: ns, spec: """{"schedulingGates": [{"name": "example.com/foo"}, {"name": "example.com/bar"}]}"""));

        var table = await cluster.KubectlOkAsync("get", "pod", "gated", "-n", ns);
        Assert.Matches(@"gated\s+0/1\s+SchedulingGated\s", table);
        var condition = await cluster.KubectlOkAsync("get", "pod", "gated", "-n", ns, "-o",
            "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].status}/{.status.conditions[?(@.type==\"PodScheduled\")].reason}");
        Assert.Equal("False/SchedulingGated", condition);

        // A pod created after it is scheduled; the gated one, ahead of it, still is not.
        await _s.CreatePodAsync(Pod("free", "100m", ns: ns));
        await _s.WaitForBoundAsync(ns, "free");
        Assert.Null((await _s.GetPodAsync(ns, "gated")).StringAt("spec", "nodeName"));
        Assert.False(_s.Scheduler.Queue.Contains(ns + "/gated"), "a gated pod is never queued, not even to be refused its binding");

        // The binding itself is refused while a gate is left, whoever asks.
        var refused = await Assert.ThrowsAsync<ApiException>(() => _s.Client.BindAsync(ns, "gated", chosen));
        Assert.Equal(409, refused.Code);
        Assert.Contains("has non-empty .spec.schedulingGates", refused.Message);

        var added = await cluster.KubectlAsync("patch", "pod", "gated", "-n", ns, "--type=json",
            "-p", """[{"op": "add", "path": "/spec/schedulingGates/-", "value": {"name": "example.com/baz"}}]""");
        Assert.NotEqual(0, added.ExitCode);
        Assert.Contains("spec.schedulingGates[2].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/baz'", added.StdErr);

        // While gated, where it may run can still be narrowed (not changed once set).
        await cluster.KubectlOkAsync("patch", "pod", "gated", "-n", ns, "--type=merge", "-p", """{"spec": {"nodeSelector": {"zone": "ZONE"}}}""".Replace("ZONE", zone));
        var changed = await cluster.KubectlAsync("patch", "pod", "gated", "-n", ns, "--type=merge", "-p", """{"spec": {"nodeSelector": {"zone": "elsewhere"}}}""");
        Assert.Contains("spec.nodeSelector: Forbidden: only additions to spec.nodeSelector are allowed", changed.StdErr);

        const string ssd = """{"spec": {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]}]}}}}}""";
        await cluster.KubectlOkAsync("patch", "pod", "gated", "-n", ns, "--type=merge", "-p", ssd);
        var widened = await cluster.KubectlAsync("patch", "pod", "gated", "-n", ns, "--type=merge", "-p",
            ssd.Replace("\"ssd\"]}]}", "\"ssd\"]}]}, {\"matchExpressions\": [{\"key\": \"disk\", \"operator\": \"Exists\"}]}", StringComparison.Ordinal));
        Assert.NotEqual(0, widened.ExitCode);
        Assert.Contains("no additions/deletions to non-empty NodeSelectorTerms list are allowed", widened.StdErr);

        await cluster.KubectlOkAsync("patch", "pod", "gated", "-n", ns, "--type=json", "-p", """[{"op": "remove", "path": "/spec/schedulingGates/0"}]""");
        Assert.Equal("[{\"name\":\"example.com/bar\"}]", await cluster.KubectlOkAsync("get", "pod", "gated", "-n", ns, "-o", "jsonpath={.spec.schedulingGates}"));
        Assert.Null((await _s.GetPodAsync(ns, "gated")).StringAt("spec", "nodeName"));

        await cluster.KubectlOkAsync("patch", "pod", "gated", "-n", ns, "--type=json", "-p", """[{"op": "remove", "path": "/spec/schedulingGates"}]""");
        var bound = await _s.WaitForBoundAsync(ns, "gated");
        Assert.Equal(chosen, bound.StringAt("spec", "nodeName"));

        // Once scheduled, the selector is fixed again like the rest of the spec.
        var late = await cluster.KubectlAsync("patch", "pod", "gated", "-n", ns, "--type=merge", "-p", """{"spec": {"nodeSelector": {"disk": "ssd"}}}""");
        Assert.Contains("pod updates may not change fields", late.StdErr);
    }

    [Fact]
    public async Task GatesMustBeQualifiedNamesOnceEachAndAGatedPodCannotNameItsNode()
    {
        var ns = await _s.NamespaceAsync();
        var manifest = """
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bad", "namespace": "NS"},
             "spec": {"nodeName": "somewhere", "schedulingGates": [{"name": "a/b/c"}, {"name": "ok"}, {"name": "ok"}],
                      "containers": [{"name": "main", "image": "busybox"}]}}
            """.Replace("NS", ns);
        var result = await cluster.KubectlWithInputAsync(manifest, "create", "-f", "-");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("spec.schedulingGates[0]: Invalid value: \"a/b/c\"", result.StdErr);
        Assert.Contains("spec.schedulingGates[2]: Duplicate value: \"ok\"", result.StdErr);
        Assert.Contains("spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared", result.StdErr);

        var template = """
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "bad", "namespace": "NS"},
             "spec": {"selector": {"matchLabels": {"app": "x"}},
                      "template": {"metadata": {"labels": {"app": "x"}},
                                   "spec": {"schedulingGates": [{"name": ""}], "containers": [{"name": "main", "image": "busybox"}]}}}}
            """.Replace("NS", ns);
        var deployment = await cluster.KubectlWithInputAsync(template, "create", "-f", "-");
        Assert.Contains("spec.template.spec.schedulingGates[0]: Invalid value: \"\"", deployment.StdErr);
    }
}
