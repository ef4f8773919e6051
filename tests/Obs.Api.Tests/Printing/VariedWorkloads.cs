using System.Text.Json.Nodes;

namespace Obs.Api.Tests.Printing;

/// <summary>Deployments and ReplicaSets of every shape their rows are computed from: replica counts, pod template containers, label selectors of every form, and broken ones.</summary>
internal sealed class VariedWorkloads(int seed) : VariedObjects(seed)
{
    private static readonly string?[] Names = ["web", "wéb-7c5ddbdf54", "под-1", "名前-🚀", "a\"b\\c", "", null];
    private static readonly string?[] Times = ["2024-04-29T09:00:00Z", "2024-05-01T11:59:58Z", "2025-01-01T00:00:00Z", "not a time", "", null];
    private static readonly JsonNode?[] Counts = [0, 1, 3, -2, 1.5, "3", null, 99_999_999_999_999_999_999m];
    private static readonly string?[] Keys = ["app", "tier", "env", "pod-template-hash", "ü", "", null];
    private static readonly string?[] Values = ["web", "front", "prod", "dev", "7c5ddbdf54", "", null];
    private static readonly string?[] Operators = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "", null];

    public JsonObject Next()
    {
        var obj = new Dictionary<string, JsonNode?> { ["kind"] = "Deployment", ["apiVersion"] = "apps/v1" };
        Maybe(obj, "metadata", () => Shuffled(Pair("name", Names, "creationTimestamp", Times)));
        Maybe(obj, "spec", Spec);
        Maybe(obj, "status", Status);
        return Shuffled(obj);
    }

    private JsonNode Spec()
    {
        var spec = new Dictionary<string, JsonNode?>();
        if (Chance(2)) spec["replicas"] = Pick(Counts)?.DeepClone();
        Maybe(spec, "selector", Selector);
        Maybe(spec, "template", () => Shuffled(Wrap("spec", () => Shuffled(Wrap("containers", () => Items(3, Container))))));
        return Shuffled(spec);
    }

    private JsonNode Container() => Shuffled(Pair("name", ["nginx", "log", "ü", "", null], "image", ["nginx:1.27", "busybox", "", null]));

    private JsonNode Selector()
    {
        var selector = new Dictionary<string, JsonNode?>();
        Maybe(selector, "matchLabels", () =>
        {
            var labels = new Dictionary<string, JsonNode?>();
            for (var i = Random.Next(4); i > 0; i--) MaybeText(labels, Pick(Keys) ?? "k", Values);
            return Shuffled(labels);
        });
        Maybe(selector, "matchExpressions", () => Items(3, () =>
        {
            var expression = Pair("key", Keys, "operator", Operators);
            Maybe(expression, "values", () => new JsonArray(Enumerable.Range(0, Random.Next(4)).Select(_ => Chance(6) ? Pick<JsonNode?>([7, null, new JsonObject()]) : Pick(Values)).ToArray()));
            return Shuffled(expression);
        }));
        return Shuffled(selector);
    }

    private JsonNode Status()
    {
        var status = new Dictionary<string, JsonNode?> { ["observedGeneration"] = 2 };
        foreach (var key in new[] { "replicas", "readyReplicas", "updatedReplicas", "availableReplicas" })
        {
            if (Chance(4)) continue;
            status[key] = Pick(Counts)?.DeepClone();
        }
        return Shuffled(status);
    }

    private Dictionary<string, JsonNode?> Wrap(string key, Func<JsonNode?> make)
    {
        var obj = new Dictionary<string, JsonNode?>();
        Maybe(obj, key, make);
        return obj;
    }

    private Dictionary<string, JsonNode?> Pair(string key, string?[] values, string otherKey, string?[] otherValues)
    {
        var obj = Only(key, values);
        MaybeText(obj, otherKey, otherValues);
        return obj;
    }
}
