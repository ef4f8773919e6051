using Obs.Api.Resources;
using Obs.Api.Schema;
using Obs.Api.Schema.Descriptions;

namespace Obs.Api.Tests.Schema.Descriptions;

public sealed class SchemaDescriptionsTests
{
    private static readonly ApiSchema Schema = ApiSchema.Default;

    private static SchemaType Type(string qualifiedName) => Schema.Find(qualifiedName)!;

    [Fact]
    public void EveryKeyNamesATypeOrFieldOfTheSchema()
    {
        Assert.Empty(SchemaDescriptions.Default.Problems);
    }

    [Fact]
    public void EveryServedKindIsDescribed()
    {
        var undescribed = ResourceTypes.Served.Select(Schema.ForResource).Where(t => SchemaDescriptions.Default.For(t) is null);
        Assert.Empty(undescribed.Select(t => t.ToString()));
    }

    [Fact]
    public void KeysThatNameNothingAreReportedWithTheirLine()
    {
        var descriptions = SchemaDescriptions.Parse(Schema, """
            package apps
            Deployment: Runs pods.
              replicaz: A typo.
            Deploymant: A typo.
              replicas: Under a type that is not there.
            package nowhere
            every kind
              spek: No kind has it.
            """);
        Assert.Equal(
            ["descriptions of apps, line 3: apps.Deployment has no field replicaz",
             "descriptions of apps, line 4: no type apps.Deploymant",
             "descriptions of apps, line 6: no package nowhere",
             "descriptions of nowhere, line 8: no kind has a field spek"],
            descriptions.Problems);
        Assert.Equal("Runs pods.", descriptions.For(Type("apps.Deployment")));
    }

    [Fact]
    public void AKeyGivenTwiceIsAProblem()
    {
        var descriptions = SchemaDescriptions.Parse(Schema, """
            package apps
            DeploymentSpec
              replicas: One.
              replicas: Two.
            """);
        Assert.Equal(["descriptions of apps, line 4: DeploymentSpec.replicas is described twice"], descriptions.Problems);
    }

    [Fact]
    public void DeeperIndentedLinesContinueTheEntry()
    {
        var descriptions = SchemaDescriptions.Parse(Schema, """
            package apps
            DeploymentSpec: The spec,
                on two lines.
              replicas: How many,
                  also on two lines.
              paused: One line.
            """);
        Assert.Empty(descriptions.Problems);
        Assert.Equal("The spec, on two lines.", descriptions.For(Type("apps.DeploymentSpec")));
        Assert.Equal("How many, also on two lines.", descriptions.For(Type("apps.DeploymentSpec"), "replicas"));
        Assert.Equal("One line.", descriptions.For(Type("apps.DeploymentSpec"), "paused"));
    }

    [Fact]
    public void AFieldOfAnEmbeddedStructTakesTheStructsDescription()
    {
        var descriptions = SchemaDescriptions.Default;
        var configMap = descriptions.For(Type("core.VolumeSource"), "configMap");
        Assert.NotNull(configMap);
        Assert.Equal(configMap, descriptions.For(Type("core.Volume"), "configMap"));
    }

    [Fact]
    public void EveryKindSharesApiVersionKindAndMetadataUnlessItHasItsOwn()
    {
        var descriptions = SchemaDescriptions.Parse(Schema, """
            package meta
            every kind
              metadata: Shared.
            package apps
            Deployment
              metadata: Its own.
            """);
        Assert.Equal("Shared.", descriptions.For(Type("apps.ReplicaSet"), "metadata"));
        Assert.Equal("Its own.", descriptions.For(Type("apps.Deployment"), "metadata"));
        Assert.Null(descriptions.For(Type("apps.DeploymentSpec"), "metadata"));
    }
}
