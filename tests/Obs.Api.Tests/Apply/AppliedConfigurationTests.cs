using Obs.Api.Apply;

namespace Obs.Api.Tests.Apply;

public sealed class AppliedConfigurationTests
{
    [Fact]
    public void WellFormedConfigurationHasNoErrors()
    {
        var applied = Json.Obj("""
            {"metadata":{"finalizers":["a","b"]},"spec":{"template":{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80},{"containerPort":80,"protocol":"UDP"}]}]}}}}
            """);

        Assert.Empty(AppliedConfiguration.Check(applied, DeploymentSchema.Root));
    }

    [Fact]
    public void EveryMissingKeyAndDuplicateIsReported()
    {
        var applied = Json.Obj("""
            {"metadata":{"finalizers":["a","a"]},
             "spec":{"template":{"spec":{"containers":[{"image":"x"},{"name":"b"},{"name":"b"},
               {"name":"c","ports":[{"containerPort":80},{"containerPort":80,"protocol":"TCP"}]}]}}}}
            """);

        Assert.Equal(
            [
                """.metadata.finalizers: duplicate entries for key [="a"]""",
                """.spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn't have default value)""",
                """.spec.template.spec.containers: duplicate entries for key [name="b"]""",
                """.spec.template.spec.containers[name="c"].ports: duplicate entries for key [containerPort=80,protocol="TCP"]""",
            ],
            AppliedConfiguration.Check(applied, DeploymentSchema.Root));
    }

    [Fact]
    public void ApplyRefusesAConfigurationWithDuplicateKeys()
    {
        var applied = Json.Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"template":{"spec":{"containers":[{"name":"b"},{"name":"b"}]}}}}
            """);

        var error = Assert.Throws<InvalidApplyException>(() =>
            ServerSideApply.Apply(null, applied, "kubectl", false, DeploymentSchema.Root, DateTimeOffset.UnixEpoch));

        Assert.Equal(422, error.StatusCode);
        Assert.Equal("""failed to create typed patch object (apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="b"]""", error.Message);
    }
}
