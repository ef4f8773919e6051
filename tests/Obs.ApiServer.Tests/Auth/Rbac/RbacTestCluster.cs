using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Auth.Rbac;

/// <summary>
/// An apiserver whose token file has, besides the admin, users with no role: <c>alice</c> (group <c>devs</c>),
/// <c>bob</c> and <c>carol</c>. Each test grants what it checks, in namespaces of its own.
/// </summary>
public sealed class RbacTestCluster : IAsyncLifetime
{
    public const string AliceToken = "alice-token";
    public const string BobToken = "bob-token";
    public const string CarolToken = "carol-token";

    private readonly string _tokenFile = Path.Combine(Path.GetTempPath(), $"obs-rbac-tokens-{Guid.NewGuid():N}.csv");

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.WriteAllText(_tokenFile,
            $"{TestPki.Token},admin,admin,\"system:masters\"\n{AliceToken},alice,alice-uid,\"devs\"\n{BobToken},bob,bob-uid\n{CarolToken},carol,carol-uid\n");
        Cluster = new TestCluster { Configure = o => o with { TokenFile = _tokenFile } };
        await Cluster.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        File.Delete(_tokenFile);
    }

    /// <summary>A request with another bearer token (and impersonation headers when given): the code and the body.</summary>
    public async Task<(int Code, JsonNode? Body)> SendAsAsync(string token, HttpMethod method, string path, string? body = null, IReadOnlyDictionary<string, string[]>? headers = null)
    {
        using var client = LocalCluster.TrustingClient(TestPki.Pki.CaCertFile, token);
        client.BaseAddress = new Uri(Cluster.Server);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json"));
        foreach (var (name, values) in headers ?? new Dictionary<string, string[]>()) request.Headers.Add(name, values);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try { json = text.Length > 0 ? JsonNode.Parse(text) : null; } catch (System.Text.Json.JsonException) { }
        return ((int)response.StatusCode, json);
    }

    /// <summary>Creates an object as the admin and fails the test unless it is created.</summary>
    public async Task CreateAsync(string path, string json)
    {
        var (code, body) = await Cluster.SendAsync(HttpMethod.Post, path, json);
        Assert.True(code == 201, $"POST {path}: {code} {body}");
    }

    /// <summary>
    /// The status code of a request, once it is <paramref name="expected"/> or 10 s have passed: roles and bindings
    /// apply from when this apiserver's watch cache holds them, a few milliseconds after they are written.
    /// </summary>
    public async Task<int> EventuallyAsync(int expected, Func<Task<(int Code, JsonNode? Body)>> send)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var (code, _) = await send();
            if (code == expected || DateTime.UtcNow > deadline) return code;
            await Task.Delay(50);
        }
    }

    public static string Role(string ns, string name, string rules) =>
        $$$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"rules":{{{rules}}}}""";

    public static string ClusterRole(string name, string rules) =>
        $$$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"{{{name}}}"},"rules":{{{rules}}}}""";

    public static string RoleBinding(string ns, string name, string roleKind, string role, string subjects) =>
        $$$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"{{{roleKind}}}","name":"{{{role}}}"},"subjects":{{{subjects}}}}""";

    public static string ClusterRoleBinding(string name, string role, string subjects) =>
        $$$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"{{{name}}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"{{{role}}}"},"subjects":{{{subjects}}}}""";

    public static string User(string name) => $$"""[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"{{name}}"}]""";

    public Task NamespaceAsync(string name) => CreateAsync("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"NAME"}}""".Replace("NAME", name, StringComparison.Ordinal));
}
