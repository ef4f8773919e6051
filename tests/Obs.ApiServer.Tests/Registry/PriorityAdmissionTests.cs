using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Registry;

/// <summary>
/// PriorityClasses and the pods that name them, through a real apiserver and the real kubectl: the system
/// classes exist from the start, a pod gets its class's priority, and what Kubernetes refuses is refused
/// with Kubernetes' words. Each test works in a namespace and with classes of its own.
/// </summary>
public sealed class PriorityAdmissionTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private async Task NamespaceAsync(string ns) => await cluster.KubectlOkAsync("create", "namespace", ns);

    private Task<(int Code, JsonNode? Body)> CreatePodAsync(string ns, string name, string spec = "") =>
        cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
            $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{{{{spec}}}"containers":[{"name":"c","image":"busybox","command":["sleep","1"]}]}}""");

    private Task<(int Code, JsonNode? Body)> CreateClassAsync(string name, long value, bool globalDefault = false) =>
        cluster.SendAsync(HttpMethod.Post, "/apis/scheduling.k8s.io/v1/priorityclasses",
            $$$"""{"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"{{{name}}}"},"value":{{{value}}},"globalDefault":{{{(globalDefault ? "true" : "false")}}}}""");

    [Fact]
    public async Task TheSystemClassesExistFromTheStartAndCannotBeDeleted()
    {
        var table = await cluster.KubectlOkAsync("get", "priorityclasses");
        Assert.Matches(@"NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY", table);
        Assert.Matches(@"system-cluster-critical\s+2000000000\s+false\s+\S+\s+PreemptLowerPriority", table);
        Assert.Matches(@"system-node-critical\s+2000001000\s+false", table);

        var deleted = await cluster.KubectlAsync("delete", "pc", "system-node-critical");

        Assert.NotEqual(0, deleted.ExitCode);
        Assert.Contains("Error from server (Forbidden): priorityclasses.scheduling.k8s.io \"system-node-critical\" is forbidden: this is a system priority class and cannot be deleted", deleted.StdErr);
        Assert.Contains("system-node-critical", await cluster.KubectlOkAsync("get", "pc", "-o", "name"));
    }

    [Fact]
    public async Task APodNamingAClassThatDoesNotExistIsForbidden()
    {
        await NamespaceAsync("prio-unknown");

        var result = await cluster.KubectlAsync("run", "lost", "-n", "prio-unknown", "--image=busybox", "--restart=Never",
            "--overrides", """{"apiVersion":"v1","spec":{"priorityClassName":"high"}}""", "--", "sleep", "1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error from server (Forbidden): pods \"lost\" is forbidden: no PriorityClass with name high was found", result.StdErr);
        Assert.NotEqual(0, (await cluster.KubectlAsync("get", "pod", "lost", "-n", "prio-unknown")).ExitCode);
    }

    [Fact]
    public async Task APodAppliedWithItsClassGetsTheClasssPriorityAndPolicy()
    {
        await NamespaceAsync("prio-applied");
        var manifest = cluster.Manifest("prio-applied.yaml", """
            apiVersion: scheduling.k8s.io/v1
            kind: PriorityClass
            metadata:
              name: prio-applied-high
            value: 1000
            preemptionPolicy: Never
            description: "jobs that go first"
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: urgent
              namespace: prio-applied
            spec:
              priorityClassName: prio-applied-high
              containers:
              - name: c
                image: busybox
                command: ["sleep", "1"]
            """);

        await cluster.KubectlOkAsync("apply", "-f", manifest);

        var priority = await cluster.KubectlOkAsync("get", "pod", "urgent", "-n", "prio-applied", "-o", "jsonpath={.spec.priority} {.spec.preemptionPolicy}");
        Assert.Equal("1000 Never", priority);
    }

    [Fact]
    public async Task APodStatingAnotherPriorityThanItsClassIsForbidden()
    {
        await NamespaceAsync("prio-stated");

        var (code, status) = await CreatePodAsync("prio-stated", "boastful", """ "priorityClassName":"system-cluster-critical","priority":5, """);

        Assert.Equal(403, code);
        Assert.Equal("pods \"boastful\" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 2000000000 from the given PriorityClass name",
            status!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task OnlyOneClassIsTheGlobalDefaultAndPodsNamingNoneGetIt()
    {
        await NamespaceAsync("prio-default");
        var (made, body) = await CreateClassAsync("prio-default-a", 300, globalDefault: true);
        Assert.True(made == 201, body?.ToJsonString());
        try
        {
            // The check reads the apiserver's watch cache, as Kubernetes' admission reads its informer: a full run once
            // posted the second class before the cache held the first, and it was admitted.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline
                && (await cluster.SendAsync(HttpMethod.Get, "/apis/scheduling.k8s.io/v1/priorityclasses?resourceVersion=0")).Body?["items"] is JsonArray items
                && !items.Any(i => i?["metadata"]?["name"]?.GetValue<string>() == "prio-default-a"))
                await Task.Delay(20);
            var (second, refusal) = await CreateClassAsync("prio-default-b", 400, globalDefault: true);
            Assert.Equal(403, second);
            Assert.Equal("priorityclasses.scheduling.k8s.io \"prio-default-b\" is forbidden: PriorityClass prio-default-a is already marked as default. Only one default can exist",
                refusal!["message"]!.GetValue<string>());

            var (code, pod) = await CreatePodAsync("prio-default", "plain");
            Assert.True(code == 201, pod?.ToJsonString());
            Assert.Equal("prio-default-a", pod!["spec"]!["priorityClassName"]!.GetValue<string>());
            Assert.Equal(300, pod["spec"]!["priority"]!.GetValue<long>());
        }
        finally
        {
            await cluster.KubectlOkAsync("delete", "pc", "prio-default-a");
        }
    }

    [Fact]
    public async Task AClasssValueCannotChange()
    {
        var (made, body) = await CreateClassAsync("prio-fixed", 10);
        Assert.True(made == 201, body?.ToJsonString());

        var patched = await cluster.KubectlAsync("patch", "pc", "prio-fixed", "--type=merge", "-p", """{"value":20}""");

        Assert.NotEqual(0, patched.ExitCode);
        Assert.Contains("value: Forbidden: may not be changed in an update.", patched.StdErr);
    }
}
