using Obs.Testing;

namespace Obs.ApiServer.Tests.Registry;

/// <summary>
/// A pod must run as a service account that exists in its namespace, as Kubernetes' admission
/// requires; a real apiserver (no controllers running) and real kubectl. Each test works in a
/// namespace of its own.
/// </summary>
public sealed class ServiceAccountAdmissionTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private async Task NamespaceAsync(string ns)
    {
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        Assert.True(code == 201, body?.ToJsonString());
    }

    private Task<(int Code, System.Text.Json.Nodes.JsonNode? Body)> CreatePodAsync(string ns, string name, string spec = "") =>
        cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
            $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{{{{spec}}}"containers":[{"name":"c","image":"busybox","command":["sleep","1"]}]}}""");

    [Fact]
    public async Task KubectlRunNamingAMissingServiceAccountIsForbidden()
    {
        await NamespaceAsync("sa-adm-kubectl");

        var result = await cluster.KubectlAsync("run", "lost", "-n", "sa-adm-kubectl", "--image=busybox", "--restart=Never",
            "--overrides", """{"apiVersion":"v1","spec":{"serviceAccountName":"ghost"}}""", "--", "sleep", "1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error from server (Forbidden): pods \"lost\" is forbidden: error looking up service account sa-adm-kubectl/ghost: serviceaccount \"ghost\" not found", result.StdErr);
        Assert.False((await cluster.KubectlAsync("get", "pod", "lost", "-n", "sa-adm-kubectl")).ExitCode == 0, "the refused pod was stored");
    }

    [Fact]
    public async Task TheRefusalIsAForbiddenStatusNamingThePod()
    {
        await NamespaceAsync("sa-adm-status");

        var (code, status) = await CreatePodAsync("sa-adm-status", "lost", """ "serviceAccount":"robot", """);

        Assert.Equal(403, code);
        Assert.Equal("Status", status!["kind"]!.GetValue<string>());
        Assert.Equal("Forbidden", status["reason"]!.GetValue<string>());
        Assert.Equal("pods \"lost\" is forbidden: error looking up service account sa-adm-status/robot: serviceaccount \"robot\" not found", status["message"]!.GetValue<string>());
        Assert.Equal("lost", status["details"]!["name"]!.GetValue<string>());
        Assert.Equal("pods", status["details"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task APodMadeRightAfterItsNamespaceRunsAsTheDefaultAccount()
    {
        await NamespaceAsync("sa-adm-fresh");

        var (code, pod) = await CreatePodAsync("sa-adm-fresh", "first");

        Assert.True(code == 201, pod?.ToJsonString());
        Assert.Equal("default", pod!["spec"]!["serviceAccountName"]!.GetValue<string>());
        Assert.Equal("default", pod["spec"]!["serviceAccount"]!.GetValue<string>());
        Assert.Contains("default", await cluster.KubectlOkAsync("get", "serviceaccounts", "-n", "sa-adm-fresh", "-o", "name"));
    }

    [Fact]
    public async Task AnAccountThatExistsIsAdmittedAndADeletedDefaultIsNot()
    {
        await NamespaceAsync("sa-adm-named");
        await cluster.KubectlOkAsync("create", "serviceaccount", "robot", "-n", "sa-adm-named");
        await cluster.KubectlOkAsync("delete", "serviceaccount", "default", "-n", "sa-adm-named");

        var (named, pod) = await CreatePodAsync("sa-adm-named", "as-robot", """ "serviceAccountName":"robot", """);
        var (unnamed, status) = await CreatePodAsync("sa-adm-named", "as-default");

        Assert.True(named == 201, pod?.ToJsonString());
        Assert.Equal("robot", pod!["spec"]!["serviceAccount"]!.GetValue<string>());
        Assert.Equal(403, unnamed);
        Assert.Contains("error looking up service account sa-adm-named/default", status!["message"]!.GetValue<string>());
    }
}
