using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// <c>pods/{name}/ephemeralcontainers</c>, as kubectl debug uses it: a strategic merge patch (or a PUT
/// of the pod) that can add ephemeral containers and change nothing else; the pod's own update path cannot touch them.
/// </summary>
public sealed class EphemeralContainersSubresourceTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string StrategicMerge = "application/strategic-merge-patch+json";

    /// <summary>The patch kubectl 1.32 sends (a two-way strategic merge patch of the pod it read).</summary>
    private const string KubectlDebugPatch = """
        {"spec":{"ephemeralContainers":[{"name":"dbg","image":"busybox","command":["sh"],"resources":{},"terminationMessagePolicy":"File",
          "imagePullPolicy":"IfNotPresent","stdin":true,"tty":true,"targetContainerName":"app"}]}}
        """;

    private async Task CreatePodAsync(string name)
    {
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, Pods,
            $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"containers":[{"name":"app","image":"busybox","command":["sleep","60"]}]}}""");
        Assert.True(code == 201, body?.ToJsonString());
    }

    private static JsonObject Status(JsonNode? body) => (JsonObject)body!;

    [Fact]
    public async Task KubectlDebugsPatchAddsTheContainerWithDefaults()
    {
        await CreatePodAsync("eph-add");
        var (code, patched) = await cluster.SendAsync(HttpMethod.Patch, $"{Pods}/eph-add/ephemeralcontainers", KubectlDebugPatch, StrategicMerge);
        Assert.True(code == 200, patched?.ToJsonString());
        Assert.Equal("Pod", patched!["kind"]!.GetValue<string>());
        var added = patched["spec"]!["ephemeralContainers"]![0]!;
        Assert.Equal("dbg", added["name"]!.GetValue<string>());
        Assert.Equal("/dev/termination-log", added["terminationMessagePath"]!.GetValue<string>());
        Assert.Equal("app", patched["spec"]!["containers"]![0]!["name"]!.GetValue<string>());

        var (getCode, got) = await cluster.SendAsync(HttpMethod.Get, $"{Pods}/eph-add/ephemeralcontainers");
        Assert.Equal(200, getCode);
        Assert.Equal("dbg", got!["spec"]!["ephemeralContainers"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task APutChangesOnlyTheEphemeralContainers()
    {
        await CreatePodAsync("eph-put");
        var (_, pod) = await cluster.SendAsync(HttpMethod.Get, $"{Pods}/eph-put");
        pod!["metadata"]!["labels"] = new JsonObject { ["sneaked"] = "in" };
        pod["spec"]!["containers"]![0]!["image"] = "alpine";
        pod["spec"]!["ephemeralContainers"] = JsonNode.Parse("""[{"name":"dbg","image":"busybox","command":["sh"]}]""");
        var (code, updated) = await cluster.SendAsync(HttpMethod.Put, $"{Pods}/eph-put/ephemeralcontainers", pod.ToJsonString());
        Assert.True(code == 200, updated?.ToJsonString());
        Assert.Equal("dbg", updated!["spec"]!["ephemeralContainers"]![0]!["name"]!.GetValue<string>());
        Assert.Null(updated["metadata"]!["labels"]);
        Assert.Equal("busybox", updated["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task AFieldAnEphemeralContainerMayNotHaveIsRefusedNamingIt()
    {
        await CreatePodAsync("eph-ports");
        var (code, body) = await cluster.SendAsync(HttpMethod.Patch, $"{Pods}/eph-ports/ephemeralcontainers",
            """{"spec":{"ephemeralContainers":[{"name":"dbg","image":"busybox","ports":[{"containerPort":80}]}]}}""", StrategicMerge);
        Assert.Equal(422, code);
        var status = Status(body);
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray());
        Assert.Equal("spec.ephemeralContainers[0].ports", cause!["field"]!.GetValue<string>());
        Assert.Equal("FieldValueForbidden", cause["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnAddedContainerCannotBeRemovedOrRenamedIntoAnother()
    {
        await CreatePodAsync("eph-keep");
        await cluster.SendAsync(HttpMethod.Patch, $"{Pods}/eph-keep/ephemeralcontainers", KubectlDebugPatch, StrategicMerge);
        var (removeCode, removed) = await cluster.SendAsync(HttpMethod.Patch, $"{Pods}/eph-keep/ephemeralcontainers",
            """{"spec":{"ephemeralContainers":null}}""", "application/merge-patch+json");
        Assert.Equal(422, removeCode);
        Assert.Contains("existing ephemeral containers \"dbg\" may not be removed", Status(removed)["message"]!.GetValue<string>());

        var (dupCode, duplicate) = await cluster.SendAsync(HttpMethod.Patch, $"{Pods}/eph-keep/ephemeralcontainers",
            """{"spec":{"ephemeralContainers":[{"name":"app","image":"busybox"}]}}""", StrategicMerge);
        Assert.Equal(422, dupCode);
        // Where the new entry lands is the strategic merge's business (patch items first, without $setElementOrder).
        Assert.Matches(@"spec\.ephemeralContainers\[\d\]\.name: Duplicate value: ""app""", Status(duplicate)["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ThePodsOwnUpdateCannotAddThem()
    {
        await CreatePodAsync("eph-main");
        var (code, body) = await cluster.SendAsync(HttpMethod.Patch, $"{Pods}/eph-main", KubectlDebugPatch, StrategicMerge);
        Assert.Equal(422, code);
        Assert.Contains("pod updates may not change fields other than", Status(body)["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task DiscoveryListsTheSubresource()
    {
        var (_, list) = await cluster.SendAsync(HttpMethod.Get, "/api/v1");
        var entry = list!["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "pods/ephemeralcontainers")!;
        Assert.Equal("Pod", entry["kind"]!.GetValue<string>());
        Assert.Equal(["get", "patch", "update"], entry["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
    }
}
