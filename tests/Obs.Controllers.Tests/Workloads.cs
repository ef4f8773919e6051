using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Controllers.Tests;

/// <summary>Objects the integration tests create.</summary>
internal static class Workloads
{
    public static JsonObject Deployment(string ns, string name, int replicas) => (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": {"name": "{{name}}", "namespace": "{{ns}}"},
          "spec": {
            "replicas": {{replicas}},
            "selector": {"matchLabels": {"app": "{{name}}"} },
            "template": {
              "metadata": {"labels": {"app": "{{name}}"} },
              "spec": {"containers": [{"name": "web", "image": "nginx", "ports": [{"name": "http", "containerPort": 8080} ]} ]} 
            }
          }
        }
        """)!;

    public static async Task<List<JsonObject>> ListAsync(ApiClient client, ResourceType type, string ns) =>
        [.. (await client.ListAsync(type, ns)).Items];

    public static async Task<List<JsonObject>> LivePodsAsync(ApiClient client, string ns) =>
        [.. (await client.ListAsync(ResourceTypes.Pod, ns)).Items.Where(p => ObjectMeta.DeletionTimestamp(p) is null)];
}
