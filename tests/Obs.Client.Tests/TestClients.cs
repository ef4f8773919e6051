using System.Text.Json.Nodes;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Testing;

namespace Obs.Client.Tests;

/// <summary>An <see cref="ApiClient"/> for a test cluster, read from the kubeconfig the cluster wrote (as a component would).</summary>
internal static class TestClients
{
    public static ApiClient For(TestCluster cluster) =>
        new(KubeconfigFile.Load(cluster.Kubeconfig), new ApiClientOptions { Qps = 200, Burst = 400 });

    /// <summary>After a restart the cluster listens elsewhere and rewrote its kubeconfig.</summary>
    public static void Repoint(ApiClient client, TestCluster cluster) => client.Repoint(KubeconfigFile.Load(cluster.Kubeconfig));

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    public static JsonObject ConfigMap(string name, string? @namespace = null, IReadOnlyDictionary<string, string>? data = null, IReadOnlyDictionary<string, string>? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (@namespace is not null) metadata["namespace"] = @namespace;
        if (labels is not null) metadata["labels"] = new JsonObject(labels.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        var cm = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata };
        if (data is not null) cm["data"] = new JsonObject(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        return cm;
    }

    public static async Task<string> CreateNamespaceAsync(ApiClient client)
    {
        var name = UniqueName("ns");
        await client.CreateAsync(Obs.Api.Resources.ResourceTypes.Namespace,
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } });
        return name;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after <paramref name="seconds"/>.</summary>
    public static Task EventuallyAsync(Func<bool> condition, string what, int seconds = 20) => EventuallyAsync(condition, () => what, seconds);

    /// <summary>As above, describing the state at the moment it gave up.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, Func<string> what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what()}");
            await Task.Delay(25);
        }
    }
}
