using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.CustomResources;

/// <summary>CustomResourceDefinitions the tests create, and a wait for them to be served.</summary>
internal static class Definitions
{
    public const string CrdPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    /// <summary>A namespaced Widget in <paramref name="group"/>: spec.size 1–10 (required), spec.color an enum, spec.name a lowercase pattern of at most 8, a free-form spec.extra, a status subresource.</summary>
    public static JsonObject WidgetDefinition(string group, string plural = "widgets", string kind = "Widget", bool status = true, string scope = "Namespaced") => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = $"{plural}.{group}" },
        ["spec"] = new JsonObject
        {
            ["group"] = group,
            ["scope"] = scope,
            ["names"] = new JsonObject { ["plural"] = plural, ["singular"] = kind.ToLowerInvariant(), ["kind"] = kind, ["shortNames"] = new JsonArray(plural[..2] + "x") },
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = "v1",
                ["served"] = true,
                ["storage"] = true,
                ["subresources"] = status ? new JsonObject { ["status"] = new JsonObject() } : null,
                ["additionalPrinterColumns"] = new JsonArray(new JsonObject { ["name"] = "Size", ["type"] = "integer", ["jsonPath"] = ".spec.size" }),
                ["schema"] = new JsonObject { ["openAPIV3Schema"] = JsonNode.Parse(WidgetSchema) },
            }),
        },
    };

    public const string WidgetSchema = """
        {"type":"object","properties":{
          "spec":{"type":"object","required":["size"],"properties":{
            "size":{"type":"integer","minimum":1,"maximum":10},
            "color":{"type":"string","enum":["red","blue"]},
            "name":{"type":"string","pattern":"^[a-z]+$","maxLength":8},
            "tags":{"type":"array","maxItems":2,"items":{"type":"string"}},
            "extra":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
          "status":{"type":"object","properties":{"ready":{"type":"boolean"},"replicas":{"type":"integer"}}}}}
        """;

    public static string Widget(string name, string group, string spec = """{"size":3}""", string? status = null)
    {
        var obj = new JsonObject
        {
            ["apiVersion"] = $"{group}/v1",
            ["kind"] = "Widget",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = name } },
            ["spec"] = JsonNode.Parse(spec),
        };
        if (status is not null) obj["status"] = JsonNode.Parse(status);
        return obj.ToJsonString();
    }

    /// <summary>Creates the definition (unless a test of the same class did) and waits until it is Established and its resource answers a LIST.</summary>
    public static async Task CreateServedAsync(TestCluster cluster, JsonObject crd)
    {
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, CrdPath, crd.ToJsonString());
        Assert.True(code is 201 or 409, $"create of the definition answered {code}: {body}");
        var name = crd["metadata"]!["name"]!.GetValue<string>();
        await WaitForConditionAsync(cluster, name, "Established", "True");
        var group = crd["spec"]!["group"]!.GetValue<string>();
        var plural = crd["spec"]!["names"]!["plural"]!.GetValue<string>();
        await Eventually(async () => (await cluster.SendAsync(HttpMethod.Get, $"/apis/{group}/v1/{plural}")).Code == 200);
    }

    public static async Task<JsonNode> WaitForConditionAsync(TestCluster cluster, string name, string type, string status)
    {
        JsonNode? crd = null;
        await Eventually(async () =>
        {
            crd = (await cluster.SendAsync(HttpMethod.Get, $"{CrdPath}/{name}")).Body;
            return (crd?["status"]?["conditions"] as JsonArray ?? []).Any(c => c?["type"]?.GetValue<string>() == type && c["status"]?.GetValue<string>() == status);
        });
        return crd!;
    }

    public static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        Assert.Fail("the condition did not come true within 30 seconds");
    }
}
