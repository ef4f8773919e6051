using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class PriorityClassValidationTests
{
    private static IReadOnlyList<string> Create(string json) => Messages(ObjectValidator.ValidateCreate(ResourceTypes.PriorityClass, Obj(json)));

    [Fact]
    public void AUserClassUpToABillionIsValid()
    {
        Assert.Empty(Create("""{"metadata":{"name":"high"},"value":1000000000,"preemptionPolicy":"Never","description":"d"}"""));
    }

    [Fact]
    public void AboveABillionIsForTheSystemClassesOnly()
    {
        Assert.Equal(["value: Forbidden: maximum allowed value of a user defined priority is 1000000000"],
            Create("""{"metadata":{"name":"high"},"value":1000000001,"preemptionPolicy":"Never"}"""));
    }

    [Fact]
    public void TheSystemPrefixIsReservedForTheSystemClassesAsTheyAre()
    {
        Assert.Equal(["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class"],
            Create("""{"metadata":{"name":"system-mine"},"value":10,"preemptionPolicy":"Never"}"""));
        Assert.Equal(["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000"],
            Create("""{"metadata":{"name":"system-node-critical"},"value":10,"preemptionPolicy":"Never"}"""));
        Assert.Empty(Create("""{"metadata":{"name":"system-cluster-critical"},"value":2000000000,"preemptionPolicy":"PreemptLowerPriority"}"""));
    }

    [Fact]
    public void PreemptionPolicyIsOneOfTwo()
    {
        Assert.Equal(["preemptionPolicy: Unsupported value: \"Sometimes\": supported values: \"PreemptLowerPriority\", \"Never\""],
            Create("""{"metadata":{"name":"high"},"value":1,"preemptionPolicy":"Sometimes"}"""));
    }

    [Fact]
    public void ValueAndPreemptionPolicyCannotChange()
    {
        var old = Obj("""{"metadata":{"name":"high","resourceVersion":"1"},"value":1,"preemptionPolicy":"Never","description":"a"}""");
        var changed = Obj("""{"metadata":{"name":"high","resourceVersion":"1"},"value":2,"preemptionPolicy":"PreemptLowerPriority","description":"b"}""");
        Assert.Equal(["value: Forbidden: may not be changed in an update.", "preemptionPolicy: Invalid value: \"PreemptLowerPriority\": field is immutable"],
            Messages(ObjectValidator.ValidateUpdate(ResourceTypes.PriorityClass, changed, old)));
        var described = Obj("""{"metadata":{"name":"high","resourceVersion":"1"},"value":1,"preemptionPolicy":"Never","description":"b"}""");
        Assert.Empty(ObjectValidator.ValidateUpdate(ResourceTypes.PriorityClass, described, old));
    }
}
