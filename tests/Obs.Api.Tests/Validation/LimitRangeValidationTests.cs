using Obs.Api.Defaults;
using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class LimitRangeValidationTests
{
    private static IReadOnlyList<string> Create(string limits)
    {
        var range = Obj($$$"""{"metadata":{"name":"limits","namespace":"d"},"spec":{"limits":{{{limits}}}}}""");
        ObjectDefaulter.Apply(ResourceTypes.LimitRange, range);
        return Messages(ObjectValidator.ValidateCreate(ResourceTypes.LimitRange, range));
    }

    [Fact]
    public void ATypicalRangeIsValid()
    {
        Assert.Empty(Create("""
            [{"type":"Container","default":{"cpu":"500m"},"defaultRequest":{"cpu":"100m"},"min":{"cpu":"50m"},"max":{"cpu":"2"},"maxLimitRequestRatio":{"cpu":"10"}},
             {"type":"Pod","max":{"memory":"2Gi"}},
             {"type":"PersistentVolumeClaim","min":{"storage":"1Gi"}}]
            """));
    }

    [Fact]
    public void BoundsMustBeInOrder()
    {
        Assert.Equal(
        [
            "spec.limits[0].min[cpu]: Invalid value: \"2\": min value 2 is greater than max value 1",
            "spec.limits[0].defaultRequest[cpu]: Invalid value: \"3\": default request value 3 is greater than max value 1",
            "spec.limits[0].defaultRequest[cpu]: Invalid value: \"3\": default request value 3 is greater than default limit value 1",
            "spec.limits[0].default[cpu]: Invalid value: \"2\": min value 2 is greater than default value 1",
        ], Create("""[{"type":"Container","min":{"cpu":"2"},"max":{"cpu":"1"},"defaultRequest":{"cpu":"3"}}]"""));
    }

    [Fact]
    public void TypesAreKnownAndOnceEachAndPodsHaveNoDefaults()
    {
        Assert.Equal(
        [
            "spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'",
            "spec.limits[1].type: Duplicate value: \"Pod\"",
            "spec.limits[2].type: Invalid value: \"Node\": must be a standard limit type or fully qualified",
            "spec.limits[3].limits: Required value: either minimum or maximum storage value is required, but neither was provided",
            "spec.limits[4].maxLimitRequestRatio[cpu]: Invalid value: \"500m\": ratio 500m is less than 1",
        ], Create("""
            [{"type":"Pod","default":{"cpu":"1"}},{"type":"Pod","max":{"cpu":"1"}},{"type":"Node","max":{"cpu":"1"}},
             {"type":"PersistentVolumeClaim","max":{"cpu":"1"}},{"type":"Container","maxLimitRequestRatio":{"cpu":"500m"}}]
            """));
    }
}
