using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Obs.ApiServer.Webhooks;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Webhooks;

/// <summary>
/// A real apiserver and a real webhook server for a test class, with helpers that install webhook configurations. Each
/// test keeps to a namespace of its own, and its webhooks select that namespace, so what one test installs never
/// touches another's writes.
/// </summary>
public sealed class WebhookFixture : IAsyncLifetime
{
    /// <summary>Failing and timed-out webhook calls with failurePolicy Fail are answered with 500, as kube-apiserver answers them.</summary>
    public TestCluster Cluster { get; } = new() { ServerErrorsExpected = true };
    public TestWebhookServer Server { get; private set; } = null!;

    public const string PodsCreate = """{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}""";
    public const string ConfigMapsAll = """{"operations":["*"],"apiGroups":[""],"apiVersions":["v1"],"resources":["configmaps"]}""";

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Server = await TestWebhookServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>A webhook calling <paramref name="path"/> of the test server about writes in namespace <paramref name="ns"/>.</summary>
    public string Hook(string name, string ns, string path, string rules = PodsCreate, string extra = "") =>
        $$$"""{"name":"{{{name}}}","clientConfig":{"url":"{{{Server.Url(path)}}}","caBundle":"{{{Server.CaBundle}}}"},"rules":[{{{rules}}}],"sideEffects":"None","admissionReviewVersions":["v1"],"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"{{{ns}}}"}}{{{extra}}}}""";

    /// <summary>Creates a configuration and waits until the apiserver's webhooks include all of it (it reads them from its watch cache).</summary>
    public async Task InstallAsync(bool mutating, string name, params string[] hooks)
    {
        var kind = mutating ? "MutatingWebhookConfiguration" : "ValidatingWebhookConfiguration";
        var (code, body) = await Cluster.SendAsync(HttpMethod.Post, $"/apis/admissionregistration.k8s.io/v1/{kind.ToLowerInvariant()}s",
            $$"""{"apiVersion":"admissionregistration.k8s.io/v1","kind":"{{kind}}","metadata":{"name":"{{name}}"},"webhooks":[{{string.Join(",", hooks)}}]}""");
        Assert.True(code == 201, $"creating {name}: {code} {body}");
        var names = (body!["webhooks"] as JsonArray)!.Select(w => (string)w!["name"]!).ToList();
        await WaitUntilServedAsync(mutating, names);
    }

    public async Task WaitUntilServedAsync(bool mutating, IReadOnlyList<string> names)
    {
        var configurations = Cluster.Host.Services.GetRequiredService<WebhookConfigurations>();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(20))
        {
            var served = (mutating ? configurations.Mutating : configurations.Validating).Select(w => w.Name).ToHashSet();
            if (names.All(served.Contains)) return;
            Assert.True(DateTime.UtcNow < deadline, "the apiserver never served webhooks " + string.Join(", ", names));
        }
    }

    public async Task NamespaceAsync(string ns, string labels = "")
    {
        var (code, body) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces",
            $$$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{{ns}}}}"{{{{(labels.Length > 0 ? $",\"labels\":{labels}" : "")}}}}}}""");
        Assert.True(code == 201, $"creating namespace {ns}: {code} {body}");
    }

    public Task<(int Code, JsonNode? Body)> CreatePodAsync(string ns, string name, string labels = "{}", string query = "") =>
        Cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods{query}",
            $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","labels":{{{labels}}}},"spec":{"containers":[{"name":"c","image":"busybox","command":["sleep","1"]}]}}""");

    public Task<(int Code, JsonNode? Body)> CreateConfigMapAsync(string ns, string name, string data = """{"a":"1"}""") =>
        Cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            $$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{name}}"},"data":{{data}}}""");

    public static JsonObject Allowed() => new() { ["allowed"] = true };

    /// <summary>An allowing answer that applies <paramref name="jsonPatch"/> (a JSON Patch) to the object.</summary>
    public static JsonObject Patched(string jsonPatch) => new()
    {
        ["allowed"] = true,
        ["patchType"] = "JSONPatch",
        ["patch"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(jsonPatch)),
    };

    /// <summary>A rule for one operation on one resource (or <c>resource/subresource</c>) of a group and version.</summary>
    public static string Rule(string operation, string group, string version, string resource) =>
        $$"""{"operations":["{{operation}}"],"apiGroups":["{{group}}"],"apiVersions":["{{version}}"],"resources":["{{resource}}"]}""";

    public static JsonObject Denied(string message, int code = 403) =>
        new() { ["allowed"] = false, ["status"] = new JsonObject { ["message"] = message, ["code"] = code, ["reason"] = code == 403 ? "Forbidden" : "BadRequest" } };
}
