using System.Text;
using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// Seeded random damage to valid manifests and patches: whatever arrives, the answer is a
/// Status below 500 (the fixture's metrics check then confirms no request ended in a 5xx).
/// </summary>
public sealed class FuzzedBodyTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private static readonly string[] Seeds =
    [
        """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"fz","labels":{"app":"fz"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"fz"}},"template":{"metadata":{"labels":{"app":"fz"}},"spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"100m","memory":"64Mi"}}}]}}}}""",
        """{"apiVersion":"v1","kind":"Service","metadata":{"name":"fz"},"spec":{"selector":{"app":"fz"},"ports":[{"port":80,"targetPort":"http"}]}}""",
        """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fz","annotations":{"a":"b"}},"data":{"k":"v"}}""",
    ];

    private static readonly string[] Paths =
    [
        "/apis/apps/v1/namespaces/default/deployments",
        "/api/v1/namespaces/default/services",
        "/api/v1/namespaces/default/configmaps",
    ];

    private static readonly string[] Junk = ["null", "true", "-1", "1e309", "\"\"", "[]", "{}", "\"\\u0000\"", "\"x\"", "99999999999999999999", "[[[]]]", "{\"$patch\":\"delete\"}"];

    [Fact]
    public async Task DamagedBodiesNeverEndInAServerError()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 240; i++)
        {
            var which = random.Next(Seeds.Length);
            var body = Damage(Seeds[which], random);
            var contentType = random.Next(4) switch
            {
                0 => "application/yaml",
                _ => "application/json",
            };
            var (code, status) = await cluster.SendAsync(HttpMethod.Post, Paths[which], body, contentType);
            Assert.True(code < 500, $"POST {Paths[which]} answered {code} for {body}: {status}");
        }
    }

    [Fact]
    public async Task DamagedPatchesNeverEndInAServerError()
    {
        var (created, _) = await cluster.SendAsync(HttpMethod.Post, Paths[0], Seeds[0].Replace("\"fz\"", "\"fzp\"", StringComparison.Ordinal));
        Assert.Equal(201, created);
        var random = new Random(7);
        string[] types = ["application/merge-patch+json", "application/strategic-merge-patch+json", "application/json-patch+json", "application/apply-patch+yaml"];
        for (var i = 0; i < 200; i++)
        {
            var type = types[random.Next(types.Length)];
            var patch = type == "application/json-patch+json"
                ? $$"""[{"op":"{{new[] { "add", "remove", "replace", "move", "copy", "test", "bogus" }[random.Next(7)]}}","path":"/spec/{{new[] { "replicas", "template/spec/containers/0", "template/spec/containers/-", "selector", "x~1y", "" }[random.Next(6)]}}","value":{{Junk[random.Next(Junk.Length)]}},"from":"/metadata/labels"}]"""
                : Damage(Seeds[0].Replace("\"fz\"", "\"fzp\"", StringComparison.Ordinal), random);
            var path = Paths[0] + "/fzp" + (random.Next(4) == 0 ? "/status" : random.Next(4) == 0 ? "/scale" : "") + (type.Contains("apply") ? "?fieldManager=fuzz" : "");
            var (code, status) = await cluster.SendAsync(HttpMethod.Patch, path, patch, type);
            Assert.True(code < 500, $"PATCH {path} ({type}) answered {code} for {patch}: {status}");
        }
    }

    /// <summary>One to three random injuries: a value replaced by junk, a field added or removed, the text cut or a byte changed.</summary>
    private static string Damage(string seed, Random random)
    {
        var node = JsonNode.Parse(seed)!;
        var injuries = random.Next(1, 4);
        for (var n = 0; n < injuries; n++)
        {
            var target = PickObject(node, random);
            switch (random.Next(4))
            {
                case 0 when target.Count > 0:
                    target[target.ElementAt(random.Next(target.Count)).Key] = JsonNode.Parse(Junk[random.Next(Junk.Length)]);
                    break;
                case 1:
                    target["f" + random.Next(100)] = JsonNode.Parse(Junk[random.Next(Junk.Length)]);
                    break;
                case 2 when target.Count > 0:
                    target.Remove(target.ElementAt(random.Next(target.Count)).Key);
                    break;
                default:
                    var text = node.ToJsonString();
                    return random.Next(2) == 0
                        ? text[..random.Next(text.Length)]
                        : new StringBuilder(text) { [random.Next(text.Length)] = (char)random.Next(32, 127) }.ToString();
            }
        }
        return node.ToJsonString();
    }

    private static JsonObject PickObject(JsonNode root, Random random)
    {
        var objects = new List<JsonObject>();
        void Walk(JsonNode? n)
        {
            if (n is JsonObject o) { objects.Add(o); foreach (var (_, v) in o) Walk(v); }
            else if (n is JsonArray a) foreach (var v in a) Walk(v);
        }
        Walk(root);
        return objects[random.Next(objects.Count)];
    }
}
