using System.Text.Json.Nodes;
using Obs.Api.Patch;

namespace Obs.Api.Tests.Patch;

/// <summary>
/// Random container lists merged by name against a small model: which containers survive, what their
/// fields become, and in which order they end up.
/// </summary>
public sealed class StrategicMergePatchPropertyTests
{
    private static readonly string[] Names = ["a", "b", "c", "d", "e", "f", "g"];

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 0; seed < 300; seed++) seeds.Add(seed);
        return seeds;
    }

    private sealed record Case(JsonObject Live, JsonObject Patch, List<string> ExpectedOrder, Dictionary<string, JsonObject> Expected, List<string> LiveNames, List<string> PatchNames);

    /// <summary>A live pod spec, a patch for its containers, and what each container should look like after.</summary>
    private static Case Generate(int seed, bool withOrder)
    {
        var random = new Random(seed);
        var liveNames = Names.OrderBy(_ => random.Next()).Take(random.Next(Names.Length)).ToList();
        var live = new Dictionary<string, JsonObject>();
        foreach (var name in liveNames)
        {
            var container = new JsonObject { ["name"] = name, ["image"] = $"{name}:{random.Next(3)}" };
            if (random.Next(2) == 0) container["args"] = new JsonArray("--live");
            if (random.Next(2) == 0) container["env"] = new JsonArray(new JsonObject { ["name"] = "E", ["value"] = "live" });
            live[name] = container;
        }

        // Each name is left alone, deleted, or patched (new names are added).
        var deleted = new HashSet<string>();
        var patched = new Dictionary<string, JsonObject>();
        foreach (var name in Names)
        {
            var choice = random.Next(4);
            if (choice == 0 && live.ContainsKey(name)) deleted.Add(name);
            else if (choice == 1 || (choice == 0 && !live.ContainsKey(name)))
            {
                var element = new JsonObject { ["name"] = name };
                switch (random.Next(3))
                {
                    case 0: element["image"] = $"{name}:new"; break;
                    case 1: element["image"] = null; break;
                }
                if (random.Next(3) == 0) element["args"] = new JsonArray("--patched");
                if (random.Next(3) == 0) element["env"] = new JsonArray(new JsonObject { ["name"] = "F", ["value"] = "patched" });
                patched[name] = element;
            }
        }

        var expected = new Dictionary<string, JsonObject>();
        foreach (var (name, container) in live)
        {
            if (!deleted.Contains(name)) expected[name] = (JsonObject)container.DeepClone();
        }
        foreach (var (name, element) in patched)
        {
            var target = expected.TryGetValue(name, out var existing) ? existing : expected[name] = new JsonObject { ["name"] = name };
            foreach (var (key, value) in element)
            {
                if (value is null) target.Remove(key);
                else if (key == "env" && target["env"] is JsonArray env) env.Insert(0, value[0]!.DeepClone()); // the patch's env name is new: it goes first
                else target[key] = value.DeepClone();
            }
        }

        // The final order (what kubectl sends as $setElementOrder); the patch list follows it.
        var finalOrder = expected.Keys.OrderBy(_ => random.Next()).ToList();
        var patchOrder = withOrder ? finalOrder.Where(patched.ContainsKey).ToList() : patched.Keys.OrderBy(_ => random.Next()).ToList();
        var patchList = new JsonArray();
        foreach (var name in patchOrder) patchList.Add(patched[name]);
        foreach (var name in deleted) patchList.Insert(random.Next(patchList.Count + 1), new JsonObject { ["$patch"] = "delete", ["name"] = name });

        var spec = new JsonObject { ["containers"] = patchList };
        if (withOrder) spec["$setElementOrder/containers"] = new JsonArray([.. finalOrder.Select(n => (JsonNode)new JsonObject { ["name"] = n })]);
        var liveSpec = new JsonObject();
        if (liveNames.Count > 0 || random.Next(2) == 0) liveSpec["containers"] = new JsonArray([.. liveNames.Select(n => (JsonNode)live[n].DeepClone())]);
        return new Case(liveSpec, spec, finalOrder, expected, liveNames, patchOrder);
    }

    private static List<JsonObject> Containers(JsonObject spec) => spec["containers"]?.AsArray().Select(c => (JsonObject)c!).ToList() ?? [];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SetElementOrderGivesExactOrderAndMergedContents(int seed)
    {
        var c = Generate(seed, withOrder: true);
        var liveText = Json.Text(c.Live);
        var patchText = Json.Text(c.Patch);

        var result = StrategicMergePatch.Apply(c.Live, c.Patch, DeploymentSchema.PodSpec);

        var containers = Containers(result);
        var context = $"seed {seed}: {liveText} + {patchText} gave {Json.Text(result)}";
        Assert.True(c.ExpectedOrder.SequenceEqual(containers.Select(x => (string)x["name"]!)), context);
        foreach (var container in containers)
            Assert.True(JsonNode.DeepEquals(c.Expected[(string)container["name"]!], container), context);
        Assert.Equal(liveText, Json.Text(c.Live));
        Assert.Equal(patchText, Json.Text(c.Patch));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void WithoutOrderLiveAndPatchKeepTheirRelativeOrders(int seed)
    {
        var c = Generate(seed, withOrder: false);
        var result = StrategicMergePatch.Apply(c.Live, c.Patch, DeploymentSchema.PodSpec);

        var names = Containers(result).Select(x => (string)x["name"]!).ToList();
        var context = $"seed {seed}: {Json.Text(c.Live)} + {Json.Text(c.Patch)} gave {Json.Text(result)}";
        Assert.True(names.ToHashSet().SetEquals(c.Expected.Keys) && names.Count == c.Expected.Count, context);
        Assert.True(c.PatchNames.SequenceEqual(names.Where(c.PatchNames.Contains)), context);
        var serverOnly = c.LiveNames.Where(n => c.Expected.ContainsKey(n) && !c.PatchNames.Contains(n)).ToList();
        Assert.True(serverOnly.SequenceEqual(names.Where(serverOnly.Contains)), context);
        foreach (var container in Containers(result))
            Assert.True(JsonNode.DeepEquals(c.Expected[(string)container["name"]!], container), context);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ResultNeverCarriesDirectives(int seed)
    {
        var c = Generate(seed, withOrder: seed % 2 == 0);
        var text = Json.Text(StrategicMergePatch.Apply(c.Live, c.Patch, DeploymentSchema.PodSpec));
        Assert.DoesNotContain("$", text);
    }
}
