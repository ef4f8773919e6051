using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class ObjectValidatorTests
{
    private static readonly string[] OddValues = ["null", "1", "\"x\"", "true", "[]", "{}", "[1,\"a\",null,{}]", "{\"a\":{\"b\":[1]}}", "-5", "1.5"];

    public static IEnumerable<object[]> Resources() => ResourceTypes.All.Select(r => new object[] { r.Plural });

    // Every field of every resource replaced by values of the wrong type: validation must report, never throw.
    [Theory]
    [MemberData(nameof(Resources))]
    public void OddJsonNeverThrowsOrTripsTheSafetyNet(string plural)
    {
        var resource = ResourceTypes.All.Single(r => r.Plural == plural);
        foreach (var template in Shapes())
        {
            foreach (var odd in OddValues)
            {
                foreach (var mutated in Mutations(template, JsonNode.Parse(odd)))
                {
                    var errors = ObjectValidator.ValidateCreate(resource, mutated);
                    Assert.DoesNotContain(errors, e => e.Detail.StartsWith("could not be validated", StringComparison.Ordinal));
                    errors = ObjectValidator.ValidateUpdate(resource, mutated, template);
                    Assert.DoesNotContain(errors, e => e.Detail.StartsWith("could not be validated", StringComparison.Ordinal));
                    errors = ObjectValidator.ValidateUpdate(resource, template, mutated);
                    Assert.DoesNotContain(errors, e => e.Detail.StartsWith("could not be validated", StringComparison.Ordinal));
                }
            }
        }
    }

    [Fact]
    public void NamespacedResourcesNeedANamespace()
    {
        var pod = Pod();
        ((JsonObject)pod["metadata"]!).Remove("namespace");
        Assert.Equal(["metadata.namespace: Required value"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.Pod, pod)));
    }

    [Fact]
    public void UpdateChecksMetadataAndTheNewObject()
    {
        var old = Pod();
        var now = Pod();
        now["metadata"]!["name"] = "other";
        now["metadata"]!["labels"] = JsonNode.Parse("""{"app":"-x"}""");
        var messages = Messages(ObjectValidator.ValidateUpdate(ResourceTypes.Pod, now, old));
        Assert.Equal("metadata.name: Invalid value: \"other\": field is immutable", messages[0]);
        Assert.StartsWith("metadata.labels: Invalid value: \"-x\"", messages[1]);
    }

    [Fact]
    public void NameRulesPerResource()
    {
        Assert.NotEmpty(ObjectValidator.NameRule(ResourceTypes.Service)("a.b", false));
        Assert.Empty(ObjectValidator.NameRule(ResourceTypes.ConfigMap)("a.b", false));
        Assert.Empty(ObjectValidator.NameRule(ResourceTypes.ClusterRole)("system:admin", false));
    }

    private static IEnumerable<JsonObject> Mutations(JsonObject template, JsonNode? odd)
    {
        var paths = new List<List<object>>();
        Collect(template, [], paths);
        foreach (var path in paths)
        {
            var copy = (JsonObject)template.DeepClone();
            JsonNode? parent = copy;
            for (var i = 0; i < path.Count - 1; i++) parent = path[i] is string k ? parent![k] : parent![(int)path[i]];
            if (path[^1] is string key) parent![key] = odd?.DeepClone();
            else parent![(int)path[^1]] = odd?.DeepClone();
            yield return copy;
        }
    }

    private static void Collect(JsonNode? node, List<object> prefix, List<List<object>> paths)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    var path = new List<object>(prefix) { key };
                    paths.Add(path);
                    Collect(child, path, paths);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var path = new List<object>(prefix) { i };
                    paths.Add(path);
                    Collect(a[i], path, paths);
                }
                break;
        }
    }
}
