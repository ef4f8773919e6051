using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class ResourceQuotaValidationTests
{
    private static IReadOnlyList<string> Create(string spec)
    {
        var quota = Obj($$$"""{"metadata":{"name":"q","namespace":"d"},"spec":{{{spec}}}}""");
        return Messages(ObjectValidator.ValidateCreate(ResourceTypes.ResourceQuota, quota));
    }

    [Fact]
    public void TheResourcesUsersSetAreValid()
    {
        Assert.Empty(Create("""
            {"hard":{"pods":"10","services":"5","services.nodeports":"2","services.loadbalancers":"1","configmaps":"20","secrets":"20",
              "persistentvolumeclaims":"4","replicationcontrollers":"2","resourcequotas":"1","cpu":"4","memory":"8Gi","ephemeral-storage":"10Gi",
              "requests.cpu":"2","requests.memory":"4Gi","limits.cpu":"4","limits.memory":"8Gi","requests.storage":"100Gi",
              "requests.ephemeral-storage":"1Gi","limits.ephemeral-storage":"2Gi","hugepages-2Mi":"1Gi","requests.hugepages-1Gi":"2Gi",
              "gold.storageclass.storage.k8s.io/requests.storage":"50Gi","gold.storageclass.storage.k8s.io/persistentvolumeclaims":"3",
              "count/deployments.apps":"5","count/pods":"10","requests.nvidia.com/gpu":"4"}}
            """));
    }

    [Fact]
    public void HardNamesMustBeQuotaResourcesAndValuesNonNegative()
    {
        Assert.Equal(
        [
            "spec.hard[foo]: Invalid value: \"foo\": must be a standard resource type or fully qualified",
            "spec.hard[foo]: Invalid value: \"foo\": must be a standard resource for quota",
            "spec.hard[pods]: Invalid value: \"-1\": must be greater than or equal to 0",
            "spec.hard[services]: Invalid value: \"1500m\": must be an integer",
            "spec.hard[storage]: Invalid value: \"storage\": must be a standard resource for quota",
        ], Create("""{"hard":{"foo":"1","pods":"-1","services":"1500m","storage":"1Gi"}}"""));
    }

    [Fact]
    public void ScopesMustBeKnownFitTheResourcesAndNotConflict()
    {
        Assert.Equal(["spec.scopes: Invalid value: \"[BestEffort, NotBestEffort]\": conflicting scopes"],
            Create("""{"hard":{"pods":"1"},"scopes":["BestEffort","NotBestEffort"]}"""));
        Assert.Equal(["spec.scopes: Invalid value: \"[BestEffort]\": unsupported scope applied to resource"],
            Create("""{"hard":{"requests.cpu":"1"},"scopes":["BestEffort"]}"""));
        Assert.Equal(["spec.scopes: Invalid value: \"[Sometimes]\": unsupported scope"],
            Create("""{"hard":{"pods":"1"},"scopes":["Sometimes"]}"""));
        Assert.Equal(["spec.scopes: Invalid value: \"[Terminating]\": unsupported scope applied to resource"],
            Create("""{"hard":{"services":"1"},"scopes":["Terminating"]}"""));
        Assert.Empty(Create("""{"hard":{"pods":"1","limits.memory":"1Gi"},"scopes":["NotTerminating","NotBestEffort"]}"""));
    }

    [Fact]
    public void ScopeSelectorsFollowTheirScopesOperators()
    {
        Assert.Empty(Create("""{"hard":{"pods":"1"},"scopeSelector":{"matchExpressions":[{"scopeName":"PriorityClass","operator":"In","values":["high"]}]}}"""));
        Assert.Equal(
        [
            "spec.scopeSelector.matchExpressions[0].operator: Invalid value: \"In\": must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
            "spec.scopeSelector.matchExpressions[1].values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
            "spec.scopeSelector.matchExpressions[2].values: Invalid value: \"a\": must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
            "spec.scopeSelector.matchExpressions[3].operator: Invalid value: \"Near\": not a valid selector operator",
        ], Create("""
            {"hard":{"pods":"1"},"scopeSelector":{"matchExpressions":[
              {"scopeName":"BestEffort","operator":"In","values":["x"]},
              {"scopeName":"PriorityClass","operator":"NotIn"},
              {"scopeName":"PriorityClass","operator":"Exists","values":["a"]},
              {"scopeName":"PriorityClass","operator":"Near"}]}}
            """));
    }

    [Fact]
    public void AStatusWriteIsCheckedForItsAmounts()
    {
        var old = Obj("""{"metadata":{"name":"q","namespace":"d","resourceVersion":"1"},"spec":{"hard":{"pods":"2"}}}""");
        var updated = Obj("""{"metadata":{"name":"q","namespace":"d","resourceVersion":"1"},"spec":{"hard":{"pods":"2"}},"status":{"hard":{"pods":"2"},"used":{"pods":"-1"}}}""");
        Assert.Equal(["status.used[pods]: Invalid value: \"-1\": must be greater than or equal to 0"],
            Messages(ObjectValidator.ValidateStatusUpdate(ResourceTypes.ResourceQuota, updated, old)));
    }
}
