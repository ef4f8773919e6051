using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.EndToEnd.Tests.Kubectl;

/// <summary>
/// kubectl 1.32's typed create commands send protobuf bodies; each must arrive as the object the
/// user asked for, defaulted as Kubernetes defaults it.
/// </summary>
public sealed class KubectlCreateTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private async Task<JsonNode> GetJsonAsync(params string[] args) => JsonNode.Parse(await cluster.KubectlOkAsync([.. args, "-o", "json"]))!;

    [Fact]
    public async Task CreateDeploymentStoresTheImageAndReplicas()
    {
        await cluster.KubectlOkAsync("create", "deployment", "pb-deploy", "--image=nginx:1.25", "--replicas=3", "--port=8080");
        var d = await GetJsonAsync("get", "deploy", "pb-deploy");
        Assert.Equal(3, d["spec"]!["replicas"]!.GetValue<long>());
        var container = d["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("nginx:1.25", container["image"]!.GetValue<string>());
        Assert.Equal("TCP", container["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.Equal("25%", d["spec"]!["strategy"]!["rollingUpdate"]!["maxSurge"]!.GetValue<string>());
        Assert.Equal(600, d["spec"]!["progressDeadlineSeconds"]!.GetValue<long>());
    }

    [Fact]
    public async Task CreateConfigMapAndSecretKeepTheirData()
    {
        await cluster.KubectlOkAsync("create", "configmap", "pb-cm", "--from-literal=color=blue");
        Assert.Equal("blue", (await GetJsonAsync("get", "cm", "pb-cm"))["data"]!["color"]!.GetValue<string>());
        await cluster.KubectlOkAsync("create", "secret", "generic", "pb-secret", "--from-literal=password=s3cret");
        var secret = await GetJsonAsync("get", "secret", "pb-secret");
        Assert.Equal(Convert.ToBase64String("s3cret"u8.ToArray()), secret["data"]!["password"]!.GetValue<string>());
        Assert.Equal("Opaque", secret["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateJobGetsAGeneratedSelectorMatchingItsTemplate()
    {
        await cluster.KubectlOkAsync("create", "job", "pb-job", "--image=busybox:1.36", "--", "echo", "hi");
        var job = await GetJsonAsync("get", "job", "pb-job");
        var uid = job["metadata"]!["uid"]!.GetValue<string>();
        Assert.Equal(uid, job["spec"]!["selector"]!["matchLabels"]!["batch.kubernetes.io/controller-uid"]!.GetValue<string>());
        Assert.Equal("pb-job", job["spec"]!["template"]!["metadata"]!["labels"]!["job-name"]!.GetValue<string>());
        Assert.Equal("Never", job["spec"]!["template"]!["spec"]!["restartPolicy"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateServiceAccountAndCronJob()
    {
        await cluster.KubectlOkAsync("create", "serviceaccount", "pb-sa");
        Assert.Equal("pb-sa", (await GetJsonAsync("get", "sa", "pb-sa"))["metadata"]!["name"]!.GetValue<string>());
        await cluster.KubectlOkAsync("create", "cronjob", "pb-cron", "--image=busybox:1.36", "--schedule=*/5 * * * *", "--", "date");
        var cron = await GetJsonAsync("get", "cronjob", "pb-cron");
        Assert.Equal("*/5 * * * *", cron["spec"]!["schedule"]!.GetValue<string>());
        Assert.Equal("Allow", cron["spec"]!["concurrencyPolicy"]!.GetValue<string>());
    }

    [Fact]
    public async Task ServerSideDryRunChangesNothing()
    {
        var path = cluster.Manifest("dry.yaml", KubectlBasicsTests.Deployment("dry-web", "nginx:1.25", replicas: 1));
        Assert.Contains("(server dry run)", await cluster.KubectlOkAsync("apply", "--dry-run=server", "-f", path));
        var result = await cluster.KubectlAsync("get", "deploy", "dry-web");
        Assert.Contains("NotFound", result.StdErr);
    }

    [Fact]
    public async Task LogsOfAPodWithoutANodeSayWhy()
    {
        await cluster.KubectlOkAsync("run", "no-node", "--image=busybox:1.36", "--", "sleep", "60");
        var result = await cluster.KubectlAsync("logs", "no-node");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("does not have a host assigned", result.StdErr);
    }

    [Fact]
    public async Task AutoscaleCreatesAnHpaThatReadsBackAtBothVersions()
    {
        await cluster.KubectlOkAsync("create", "deployment", "pb-scaled", "--image=nginx:1.25");
        await cluster.KubectlOkAsync("autoscale", "deployment", "pb-scaled", "--min=2", "--max=5", "--cpu-percent=70");
        // kubectl get reads the preferred version, autoscaling/v2.
        var v2 = await GetJsonAsync("get", "hpa", "pb-scaled");
        Assert.Equal("autoscaling/v2", v2["apiVersion"]!.GetValue<string>());
        Assert.Equal(2, v2["spec"]!["minReplicas"]!.GetValue<long>());
        Assert.Equal(5, v2["spec"]!["maxReplicas"]!.GetValue<long>());
        var metric = v2["spec"]!["metrics"]![0]!;
        Assert.Equal("cpu", metric["resource"]!["name"]!.GetValue<string>());
        Assert.Equal(70, metric["resource"]!["target"]!["averageUtilization"]!.GetValue<long>());
        Assert.Equal("Deployment", v2["spec"]!["scaleTargetRef"]!["kind"]!.GetValue<string>());

        var v1 = await GetJsonAsync("get", "horizontalpodautoscalers.v1.autoscaling", "pb-scaled");
        Assert.Equal("autoscaling/v1", v1["apiVersion"]!.GetValue<string>());
        Assert.Equal(70, v1["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<long>());
        Assert.Null(v1["spec"]!["metrics"]);

        var table = await cluster.KubectlOkAsync("get", "hpa", "pb-scaled");
        Assert.Contains("Deployment/pb-scaled", table);
    }
}
