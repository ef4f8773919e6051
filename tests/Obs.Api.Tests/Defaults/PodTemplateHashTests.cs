using Obs.Api.Defaults;

namespace Obs.Api.Tests.Defaults;

public sealed class PodTemplateHashTests
{
    private const string Applied = """
        {"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}
        """;

    [Fact]
    public void HashUsesOnlySafeCharacters()
    {
        var hash = PodTemplateHash.Compute(JsonAssert.Parse(Applied));

        Assert.InRange(hash.Length, 1, 10);
        Assert.All(hash, c => Assert.Contains(c, "bcdfghjklmnpqrstvwxz2456789"));
    }

    [Fact]
    public void HashIsStableAcrossKeyOrderDefaultsAndTheHashLabel()
    {
        var undo = JsonAssert.Parse("""
            {"spec":{"terminationGracePeriodSeconds":30,"containers":[{"resources":{},"image":"nginx:1.26","name":"nginx"}]},
             "metadata":{"creationTimestamp":null,"labels":{"pod-template-hash":"abc","app":"web"}}}
            """);

        Assert.Equal(PodTemplateHash.Compute(JsonAssert.Parse(Applied)), PodTemplateHash.Compute(undo));
    }

    [Fact]
    public void HashChangesWithTheTemplateAndTheCollisionCount()
    {
        var original = PodTemplateHash.Compute(JsonAssert.Parse(Applied));

        Assert.NotEqual(original, PodTemplateHash.Compute(JsonAssert.Parse(Applied.Replace("1.26", "1.27"))));
        Assert.NotEqual(original, PodTemplateHash.Compute(JsonAssert.Parse(Applied), collisionCount: 1));
    }

    [Fact]
    public void HashIsAFixedFunctionOfTheTemplate()
    {
        // Pinned so a change to the hash (which would roll every Deployment) is a deliberate one.
        Assert.Equal(PodTemplateHash.Compute(JsonAssert.Parse(Applied)), PodTemplateHash.Compute(JsonAssert.Parse(Applied)));
        Assert.Equal(ExpectedAppliedHash, PodTemplateHash.Compute(JsonAssert.Parse(Applied)));
    }

    private const string ExpectedAppliedHash = "765dc9dcdf";
}
