using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Schema;

namespace Obs.Api.Tests.Schema;

public sealed class ApiSchemaTests
{
    private static readonly ApiSchema Schema = ApiSchema.Default;

    [Fact]
    public void EveryServedResourceHasATopLevelType()
    {
        foreach (var resource in ResourceTypes.All)
        {
            var type = Schema.ForResource(resource);
            Assert.True(type.IsKind);
            Assert.Equal(resource.Kind, type.Name);
            Assert.Contains("metadata", type.Fields.Keys);
            Assert.Contains("apiVersion", type.Fields.Keys);
        }
    }

    [Fact]
    public void ProtobufNumbersAreUniqueWithinEachType()
    {
        foreach (var type in Schema.Types)
        {
            var numbers = type.DeclaredFields.Where(f => f.ProtoNumber > 0).Select(f => f.ProtoNumber).ToList();
            Assert.Equal(numbers.Count, numbers.Distinct().Count());
        }
    }

    [Fact]
    public void PodSpecContainersCarryTheirStructTags()
    {
        var containers = Schema.Find("core.PodSpec")!.Fields["containers"];
        Assert.Equal(2, containers.ProtoNumber);
        Assert.Equal(SchemaTypeKind.Array, containers.Type.Kind);
        Assert.Equal("Container", containers.Type.Element!.Object!.Name);
        Assert.Equal(PatchStrategy.Merge, containers.PatchStrategy);
        Assert.Equal("name", containers.PatchMergeKey);
        Assert.Equal(ListType.Map, containers.ListType);
        Assert.Equal(["name"], containers.ListMapKeys);
    }

    [Fact]
    public void EmbeddedStructsAreInlineInJsonAndNestedInProtobuf()
    {
        var volume = Schema.Find("core.Volume")!;
        Assert.Contains("configMap", volume.Fields.Keys);
        Assert.Contains("persistentVolumeClaim", volume.Fields.Keys);
        Assert.True(volume.ProtoFields[2].IsInline);
        Assert.Equal("VolumeSource", volume.ProtoFields[2].Type.Object!.Name);
        Assert.Contains("name", Schema.Find("core.ConfigMapKeySelector")!.Fields.Keys);
        Assert.Contains("httpGet", Schema.Find("core.Probe")!.Fields.Keys);
    }

    [Fact]
    public void EphemeralContainersHaveEveryContainerField()
    {
        var ephemeral = Schema.Find("core.EphemeralContainer")!;
        foreach (var name in Schema.Find("core.Container")!.Fields.Keys) Assert.Contains(name, ephemeral.Fields.Keys);
        Assert.Contains("targetContainerName", ephemeral.Fields.Keys);
    }

    [Fact]
    public void MergeSchemaWalksToContainerPorts()
    {
        var ports = Schema.MergeSchemaFor(ResourceTypes.Deployment)
            .Field("spec")!.Field("template")!.Field("spec")!.Field("containers")!.Items!.Field("ports")!;
        Assert.Equal(PatchStrategy.Merge, ports.PatchStrategy);
        Assert.Equal("containerPort", ports.PatchMergeKey);
        Assert.Equal(ListType.Map, ports.ListType);
        Assert.Equal(["containerPort", "protocol"], ports.ListMapKeys);
    }

    [Fact]
    public void MergeSchemaReportsRetainKeysOnVolumes()
    {
        var volumes = Schema.MergeSchemaFor(ResourceTypes.Pod).Field("spec")!.Field("volumes")!;
        Assert.Equal(PatchStrategy.Merge | PatchStrategy.RetainKeys, volumes.PatchStrategy);
        Assert.Equal("name", volumes.PatchMergeKey);
    }

    [Fact]
    public void FinalizersAreAMergedSet()
    {
        var finalizers = Schema.MergeSchemaFor(ResourceTypes.Pod).Field("metadata")!.Field("finalizers")!;
        Assert.Equal(PatchStrategy.Merge, finalizers.PatchStrategy);
        Assert.Null(finalizers.PatchMergeKey);
        Assert.Equal(ListType.Set, finalizers.ListType);
    }

    [Fact]
    public void ListsWithoutMarkersAreAtomic()
    {
        var command = Schema.MergeSchemaFor(ResourceTypes.Pod).Field("spec")!.Field("containers")!.Items!.Field("command")!;
        Assert.Equal(PatchStrategy.Replace, command.PatchStrategy);
        Assert.Equal(ListType.Atomic, command.ListType);
    }

    [Fact]
    public void AtomicMapsAndStructsAreReported()
    {
        var pod = Schema.MergeSchemaFor(ResourceTypes.Pod);
        Assert.True(pod.Field("spec")!.Field("nodeSelector")!.IsAtomicMap);
        Assert.False(pod.Field("metadata")!.Field("labels")!.IsAtomicMap);
        Assert.True(Schema.MergeSchemaFor(ResourceTypes.Deployment).Field("spec")!.Field("selector")!.IsAtomicMap);
    }

    [Fact]
    public void GranularFieldOverridesAnAtomicType()
    {
        var spec = Schema.MergeSchemaFor(ResourceTypes.PersistentVolume).Field("spec")!;
        Assert.False(spec.Field("claimRef")!.IsAtomicMap);
        Assert.True(Schema.MergeSchemaFor(ResourceTypes.Event).Field("involvedObject")!.IsAtomicMap);
    }

    [Fact]
    public void UnknownAndFreeFormFieldsHaveNoSchema()
    {
        Assert.Null(Schema.MergeSchemaFor(ResourceTypes.Pod).Field("spec")!.Field("nope"));
        Assert.Null(Schema.MergeSchemaFor(ResourceTypes.ControllerRevision).Field("data"));
    }

    [Fact]
    public void MapValuesHaveTheirElementType()
    {
        var limits = Schema.MergeSchemaFor(ResourceTypes.Pod).Field("spec")!.Field("containers")!.Items!.Field("resources")!.Field("limits")!;
        Assert.NotNull(limits.Items);
    }

    [Fact]
    public void DeleteOptionsAndScaleAreKinds()
    {
        Assert.Equal(4, Schema.ForKind("v1", "DeleteOptions")!.Fields["propagationPolicy"].ProtoNumber);
        Assert.NotNull(Schema.ForKind("meta.k8s.io/v1", "DeleteOptions"));
        Assert.Equal("io.k8s.api.autoscaling.v1.Scale", Schema.ForKind("autoscaling/v1", "Scale")!.OpenApiName);
    }

    [Fact]
    public void GoNamesMatchEncodingJson()
    {
        Assert.Equal("[]v1.Container", Schema.Find("core.PodSpec")!.Fields["containers"].Type.GoName);
        Assert.Equal("map[string]string", Schema.Find("meta.ObjectMeta")!.Fields["labels"].Type.GoName);
        Assert.Equal("v2.MetricTarget", Schema.Find("autoscaling.MetricSpec")!.Fields["object"].Type.Object!.Fields["target"].Type.GoName);
    }
}
