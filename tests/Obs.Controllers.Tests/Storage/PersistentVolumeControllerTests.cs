using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Storage;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Storage;

/// <summary>One sync over informer stores filled by hand; what the volume controller wrote.</summary>
public sealed class PersistentVolumeControllerTests
{
    private readonly RecordingObjectControl _control = new();

    private static JsonObject Claim(string name, string? storageClass = "local-path", string request = "1Gi", string? volumeName = null, string? selectedNode = null, string? selector = null)
    {
        var claim = (JsonObject)JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"PersistentVolumeClaim",
             "metadata":{"name":"{{{name}}}","namespace":"ns","uid":"{{{name}}}-uid","resourceVersion":"7","annotations":{},"finalizers":["kubernetes.io/pvc-protection"]},
             "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"{{{request}}}"}},"volumeMode":"Filesystem"},
             "status":{"phase":"Pending"}}
            """)!;
        if (storageClass is not null) claim["spec"]!["storageClassName"] = storageClass;
        if (volumeName is not null) claim["spec"]!["volumeName"] = volumeName;
        if (selectedNode is not null) claim["metadata"]!["annotations"]![StorageAnnotations.SelectedNode] = selectedNode;
        if (selector is not null) claim["spec"]!["selector"] = JsonNode.Parse(selector);
        return claim;
    }

    private static JsonObject Volume(string name, string capacity = "5Gi", string storageClass = "", string? claimRef = null, string phase = "Available", string policy = "Retain", string labels = "{}", string? node = null)
    {
        var volume = (JsonObject)JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"PersistentVolume",
             "metadata":{"name":"{{{name}}}","uid":"{{{name}}}-uid","resourceVersion":"3"},
             "spec":{"capacity":{"storage":"{{{capacity}}}"},"accessModes":["ReadWriteOnce","ReadOnlyMany"],"persistentVolumeReclaimPolicy":"{{{policy}}}",
                     "storageClassName":"{{{storageClass}}}","volumeMode":"Filesystem","hostPath":{"path":"/srv/{{{name}}}"}},
             "status":{"phase":"{{{phase}}}"}}
            """)!;
        volume["metadata"]!["labels"] = JsonNode.Parse(labels);
        if (claimRef is not null) volume["spec"]!["claimRef"] = JsonNode.Parse(claimRef);
        if (node is not null)
        {
            volume["spec"]!["nodeAffinity"] = JsonNode.Parse($$$"""
                {"required":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"kubernetes.io/hostname","operator":"In","values":["{{{node}}}"]}]}]}}
                """);
        }
        return volume;
    }

    private static JsonObject Class(string name = "local-path", string mode = "WaitForFirstConsumer", string policy = "Delete", string provisioner = StorageAnnotations.LocalPathProvisioner) => (JsonObject)JsonNode.Parse($$$"""
        {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"{{{name}}}"},
         "provisioner":"{{{provisioner}}}","reclaimPolicy":"{{{policy}}}","volumeBindingMode":"{{{mode}}}"}
        """)!;

    private static JsonObject Node(string name, string? root = "/var/lib/obs/volumes")
    {
        var node = (JsonObject)JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"{{{name}}}","labels":{"kubernetes.io/hostname":"{{{name}}}"},"annotations":{} }}
            """)!;
        if (root is not null) node["metadata"]!["annotations"]![StorageAnnotations.LocalPathRoot] = root;
        return node;
    }

    private static JsonObject Pod(string name, string claim, string? node)
    {
        var pod = (JsonObject)JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"ns","uid":"{{{name}}}-uid"},
             "spec":{"containers":[{"name":"c"}],"volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"{{{claim}}}"}}]}}
            """)!;
        if (node is not null) pod["spec"]!["nodeName"] = node;
        return pod;
    }

    private Task SyncAsync(string key, JsonObject[] claims, JsonObject[]? volumes = null, JsonObject[]? classes = null, JsonObject[]? nodes = null, JsonObject[]? pods = null) =>
        new PersistentVolumeController(Stores.New(claims).Lister, Stores.New(volumes ?? []).Lister, Stores.New(classes ?? [Class()]).Lister,
                Stores.New(nodes ?? [Node("n1"), Node("n2")]).Lister, Stores.New(pods ?? []).Lister, _control, NullLogger.Instance)
            .SyncAsync(key, CancellationToken.None);

    [Fact]
    public async Task AWaitForFirstConsumerClaimStaysPendingUntilANodeIsChosen()
    {
        await SyncAsync("ns/data", [Claim("data")], [Volume("spare", storageClass: "local-path")]);

        Assert.Empty(_control.Actions);
    }

    [Fact]
    public async Task TheSchedulersChoiceProvisionsALocalVolumeOnThatNodeAndBindsIt()
    {
        await SyncAsync("ns/data", [Claim("data", selectedNode: "n2")]);

        var volume = Assert.Single(_control.Of("create", ResourceTypes.PersistentVolume));
        Assert.Equal("pvc-data-uid", ObjectMeta.Name(volume));
        Assert.Equal("/var/lib/obs/volumes/pvc-data-uid", volume.StringAt("spec", "local", "path"));
        Assert.Equal("""{"required":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"kubernetes.io/hostname","operator":"In","values":["n2"]}]}]}}""",
            volume.At("spec", "nodeAffinity")!.ToJsonString());
        Assert.Equal("1Gi", volume.StringAt("spec", "capacity", "storage"));
        Assert.Equal("Delete", volume.StringAt("spec", "persistentVolumeReclaimPolicy"));
        Assert.Equal("local-path", volume.StringAt("spec", "storageClassName"));
        Assert.Equal(StorageAnnotations.LocalPathProvisioner, volume.StringAt("metadata", "annotations", StorageAnnotations.ProvisionedBy));
        Assert.Equal([StorageAnnotations.LocalPathCleanupFinalizer], ObjectMeta.Finalizers(volume));
        Assert.Equal("data-uid", volume.StringAt("spec", "claimRef", "uid"));

        // The new volume is pre-bound, so its claimRef is not patched again; its phase and the claim's side are written.
        Assert.Empty(_control.Of("patch", ResourceTypes.PersistentVolume));
        Assert.Equal("Bound", Assert.Single(_control.Of("status", ResourceTypes.PersistentVolume)).StringAt("status", "phase"));
        var claimPatch = Assert.Single(_control.Of("patch", ResourceTypes.PersistentVolumeClaim));
        Assert.Equal("pvc-data-uid", claimPatch.StringAt("spec", "volumeName"));
        Assert.Equal("yes", claimPatch.StringAt("metadata", "annotations", StorageAnnotations.BindCompleted));
        var claimStatus = Assert.Single(_control.Of("status", ResourceTypes.PersistentVolumeClaim));
        Assert.Equal("""{"phase":"Bound","accessModes":["ReadWriteOnce"],"capacity":{"storage":"1Gi"}}""", claimStatus["status"]!.ToJsonString());
    }

    [Fact]
    public async Task APodCreatedWithANodeNameActsAsTheFirstConsumer()
    {
        await SyncAsync("ns/data", [Claim("data")], pods: [Pod("unplaced", "data", null), Pod("placed", "data", "n1")]);

        var volume = Assert.Single(_control.Of("create", ResourceTypes.PersistentVolume));
        Assert.Equal("n1", NodeOf(volume));
    }

    private static string NodeOf(JsonObject volume) =>
        volume["spec"]!["nodeAffinity"]!["required"]!["nodeSelectorTerms"]![0]!["matchExpressions"]![0]!["values"]![0]!.GetValue<string>();

    [Fact]
    public async Task AClaimBindsTheSmallestAvailableVolumeThatFits()
    {
        var claims = new[] { Claim("data", storageClass: "", request: "2Gi", selector: """{"matchLabels":{"tier":"fast"}}""") };
        await SyncAsync("ns/data", claims,
        [
            Volume("too-small", capacity: "1Gi", labels: """{"tier":"fast"}"""),
            Volume("big", capacity: "10Gi", labels: """{"tier":"fast"}"""),
            Volume("right", capacity: "3Gi", labels: """{"tier":"fast"}"""),
            Volume("unlabelled", capacity: "2Gi"),
            Volume("other-class", capacity: "2Gi", storageClass: "slow", labels: """{"tier":"fast"}"""),
            Volume("taken", capacity: "2Gi", labels: """{"tier":"fast"}""", claimRef: """{"namespace":"ns","name":"someone","uid":"x"}""", phase: "Bound"),
        ]);

        var patch = Assert.Single(_control.Of("patch", ResourceTypes.PersistentVolume));
        Assert.Equal("right", ObjectMeta.Name(patch));
        Assert.Equal("""{"kind":"PersistentVolumeClaim","namespace":"ns","name":"data","uid":"data-uid","apiVersion":"v1","resourceVersion":"7"}""",
            patch.At("spec", "claimRef")!.ToJsonString());
        Assert.Equal("yes", patch.StringAt("metadata", "annotations", StorageAnnotations.BoundByController));
        Assert.Equal("right", Assert.Single(_control.Of("patch", ResourceTypes.PersistentVolumeClaim)).StringAt("spec", "volumeName"));
        Assert.Empty(_control.Of("create", ResourceTypes.PersistentVolume));
    }

    [Fact]
    public async Task ALocalVolumeOnAnotherNodeIsNotBoundToAClaimWhosePodWentElsewhere()
    {
        await SyncAsync("ns/data", [Claim("data", selectedNode: "n2")], [Volume("on-n1", storageClass: "local-path", node: "n1"), Volume("on-n2", storageClass: "local-path", node: "n2")]);

        Assert.Equal("on-n2", Assert.Single(_control.Of("patch", ResourceTypes.PersistentVolume)).StringAt("metadata", "name"));
        Assert.Empty(_control.Of("create", ResourceTypes.PersistentVolume));
    }

    [Fact]
    public async Task AnImmediateClaimBindsAtOnceWithoutAPod()
    {
        await SyncAsync("ns/data", [Claim("data", storageClass: "manual")], [Volume("v", storageClass: "manual")], classes: [Class("manual", mode: "Immediate", provisioner: "kubernetes.io/no-provisioner")]);

        Assert.Equal("v", Assert.Single(_control.Of("patch", ResourceTypes.PersistentVolumeClaim)).StringAt("spec", "volumeName"));
    }

    [Fact]
    public async Task AnImmediateLocalPathClaimGetsAVolumeOnANodeThatCanHoldOne()
    {
        await SyncAsync("ns/data", [Claim("data", storageClass: "now")], classes: [Class("now", mode: "Immediate")], nodes: [Node("a-hollow", root: null), Node("b")]);

        var volume = Assert.Single(_control.Of("create", ResourceTypes.PersistentVolume));
        Assert.Equal("b", NodeOf(volume));
    }

    [Fact]
    public async Task AClaimWithNoClassAndNoVolumeStaysPending()
    {
        await SyncAsync("ns/data", [Claim("data", storageClass: null)], [Volume("classy", storageClass: "local-path")]);

        Assert.Empty(_control.Actions);
    }

    [Fact]
    public async Task ABoundPairIsLeftAlone()
    {
        var claim = Claim("data", volumeName: "v");
        claim["metadata"]!["annotations"]![StorageAnnotations.BindCompleted] = "yes";
        claim["status"] = JsonNode.Parse("""{"phase":"Bound","accessModes":["ReadWriteOnce","ReadOnlyMany"],"capacity":{"storage":"5Gi"}}""");
        var volume = Volume("v", claimRef: """{"namespace":"ns","name":"data","uid":"data-uid"}""", phase: "Bound");

        await SyncAsync("ns/data", [claim], [volume]);
        await SyncAsync("v", [claim], [volume]);

        Assert.Empty(_control.Actions);
    }

    [Fact]
    public async Task AClaimWhoseVolumeVanishedIsLost()
    {
        var claim = Claim("data", volumeName: "gone");
        claim["metadata"]!["annotations"]![StorageAnnotations.BindCompleted] = "yes";

        await SyncAsync("ns/data", [claim]);

        Assert.Equal("Lost", Assert.Single(_control.Of("status", ResourceTypes.PersistentVolumeClaim)).StringAt("status", "phase"));
    }

    [Fact]
    public async Task AVolumeWithDeletePolicyIsReleasedAndDeletedOnceItsClaimIsGone()
    {
        await SyncAsync("pvc-x", [], [Volume("pvc-x", claimRef: """{"namespace":"ns","name":"data","uid":"data-uid"}""", phase: "Bound", policy: "Delete")]);

        Assert.Equal("Released", Assert.Single(_control.Of("status", ResourceTypes.PersistentVolume)).StringAt("status", "phase"));
        var deleted = Assert.Single(_control.Of("delete", ResourceTypes.PersistentVolume));
        Assert.Equal("pvc-x", ObjectMeta.Name(deleted));
        Assert.Equal("pvc-x-uid", ObjectMeta.Uid(deleted));
    }

    [Fact]
    public async Task AVolumeWithRetainPolicyIsReleasedAndKept()
    {
        // A new claim of the same name is another claim: the volume stays with the old one's data.
        var successor = Claim("data");
        successor["metadata"]!["uid"] = "new-uid";

        await SyncAsync("keep", [successor], [Volume("keep", claimRef: """{"namespace":"ns","name":"data","uid":"data-uid"}""", phase: "Bound", policy: "Retain")]);

        Assert.Equal("Released", Assert.Single(_control.Of("status", ResourceTypes.PersistentVolume)).StringAt("status", "phase"));
        Assert.Empty(_control.Of("delete", ResourceTypes.PersistentVolume));
    }

    [Fact]
    public async Task AVolumeWithoutAClaimBecomesAvailable()
    {
        await SyncAsync("fresh", [], [Volume("fresh", phase: "Pending")]);

        Assert.Equal("Available", Assert.Single(_control.Of("status", ResourceTypes.PersistentVolume)).StringAt("status", "phase"));
    }

    [Fact]
    public async Task ANewClaimIsProtectedBeforeAnythingElse()
    {
        var claim = Claim("data", selectedNode: "n1");
        claim["metadata"]!.AsObject().Remove("finalizers");

        await SyncAsync("ns/data", [claim]);

        var patch = Assert.Single(_control.Actions);
        Assert.Equal("""{"finalizers":["kubernetes.io/pvc-protection"],"resourceVersion":"7","name":"data"}""", patch.Object["metadata"]!.ToJsonString());
    }

    [Fact]
    public async Task ADeletedClaimKeepsItsFinalizerWhileARunningPodUsesIt()
    {
        var claim = Claim("data", volumeName: "v");
        claim["metadata"]!["deletionTimestamp"] = Stores.At(10);
        var running = Pod("user", "data", "n1");
        running["status"] = new JsonObject { ["phase"] = "Running" };
        var finished = Pod("done", "data", "n1");
        finished["status"] = new JsonObject { ["phase"] = "Succeeded" };

        await SyncAsync("ns/data", [claim], pods: [running, finished]);
        Assert.Empty(_control.Actions);

        await SyncAsync("ns/data", [claim], pods: [finished]);
        var patch = Assert.Single(_control.Of("patch", ResourceTypes.PersistentVolumeClaim));
        Assert.Equal("[]", patch.At("metadata", "finalizers")!.ToJsonString());
    }
}
