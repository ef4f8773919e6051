using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class StorageValidationTests
{
    [Fact]
    public void ClaimNeedsAccessModesAndStorage()
    {
        var pvc = Obj("""{"metadata":{"name":"data","namespace":"d"},"spec":{"resources":{}}}""");
        Assert.Equal(
            ["spec.accessModes: Required value: at least 1 access mode is required", "spec.resources[storage]: Required value"],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.PersistentVolumeClaim, pvc)));
    }

    [Fact]
    public void ClaimAccessModesAndStorageValues()
    {
        var pvc = Obj("""{"metadata":{"name":"data","namespace":"d"},"spec":{"accessModes":["ReadWriteSometimes"],"resources":{"requests":{"storage":"0"}}}}""");
        Assert.Equal(
            [
                "spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
                "spec.resources[storage]: Invalid value: \"0\": must be greater than 0",
            ],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.PersistentVolumeClaim, pvc)));
    }

    [Fact]
    public void ClaimSpecIsImmutableExceptLargerRequests()
    {
        var old = Obj("""{"metadata":{"name":"data","namespace":"d"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""");
        var grown = Obj("""{"metadata":{"name":"data","namespace":"d"},"spec":{"accessModes":["ReadWriteOnce"],"volumeName":"pv1","resources":{"requests":{"storage":"2Gi"}}}}""");
        Assert.Empty(ObjectValidator.ValidateUpdate(ResourceTypes.PersistentVolumeClaim, grown, old));
        var changed = Obj("""{"metadata":{"name":"data","namespace":"d"},"spec":{"accessModes":["ReadWriteMany"],"resources":{"requests":{"storage":"512Mi"}}}}""");
        Assert.Equal(
            [
                "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
                "spec.resources.requests.storage: Forbidden: field can not be less than previous value",
            ],
            Messages(ObjectValidator.ValidateUpdate(ResourceTypes.PersistentVolumeClaim, changed, old)));
    }

    [Fact]
    public void StorageClassNeedsAProvisionerAndKnownPolicies()
    {
        var sc = Obj("""{"metadata":{"name":"fast"},"reclaimPolicy":"Recycle","volumeBindingMode":"Later"}""");
        Assert.Equal(
            [
                "provisioner: Required value",
                "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"",
                "volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"",
            ],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.StorageClass, sc)));
    }

    [Fact]
    public void StorageClassKeepsItsProvisionerAndModes()
    {
        var old = Obj("""{"metadata":{"name":"fast"},"provisioner":"obs.dev/local-path","reclaimPolicy":"Delete","volumeBindingMode":"Immediate"}""");
        var expanded = Obj("""{"metadata":{"name":"fast","labels":{"a":"b"}},"provisioner":"obs.dev/local-path","reclaimPolicy":"Delete","volumeBindingMode":"Immediate","allowVolumeExpansion":true}""");
        Assert.Empty(ObjectValidator.ValidateUpdate(ResourceTypes.StorageClass, expanded, old));
        var changed = Obj("""{"metadata":{"name":"fast"},"provisioner":"obs.dev/local-path","reclaimPolicy":"Retain","volumeBindingMode":"Immediate"}""");
        Assert.Equal(["reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden."], Messages(ObjectValidator.ValidateUpdate(ResourceTypes.StorageClass, changed, old)));
    }
}
