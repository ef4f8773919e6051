using System.Text.Json.Nodes;
using Obs.Api.Patch;

namespace Obs.Api.Tests.Patch;

public sealed class MergePatchPropertyTests
{
    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 0; seed < 400; seed++) seeds.Add(seed);
        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void CreatedPatchTurnsOriginalIntoModified(int seed)
    {
        var random = new RandomJson(seed);
        var original = random.Document();
        var modified = random.Mutate(original);
        var originalText = Json.Text(original);

        var patch = MergePatch.Create(original, modified);
        var patchText = Json.Text(patch);
        var result = MergePatch.Apply(original, patch);

        Assert.True(JsonNode.DeepEquals(modified, result), $"seed {seed}: {originalText} + {patchText} gave {Json.Text(result)}, expected {Json.Text(modified)}");
        Assert.Equal(originalText, Json.Text(original));
        Assert.Equal(patchText, Json.Text(patch));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void StrategicMergeWithoutSchemaIsJsonMergePatch(int seed)
    {
        var random = new RandomJson(seed);
        var doc = random.Document();
        var patch = random.Patch();
        var docText = Json.Text(doc);
        var patchText = Json.Text(patch);

        var strategic = StrategicMergePatch.Apply(doc, patch, schema: null);
        var merge = MergePatch.Apply(doc, patch);

        Assert.True(JsonNode.DeepEquals(merge, strategic), $"seed {seed}: {docText} + {patchText}: merge {Json.Text(merge)}, strategic {Json.Text(strategic)}");
        Assert.Equal(docText, Json.Text(doc));
        Assert.Equal(patchText, Json.Text(patch));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void MergePatchIsIdempotent(int seed)
    {
        var random = new RandomJson(seed);
        var patch = random.Patch();
        var once = MergePatch.Apply(random.Document(), patch);
        Assert.Equal(Json.Text(once), Json.Text(MergePatch.Apply(once, patch)));
    }
}
