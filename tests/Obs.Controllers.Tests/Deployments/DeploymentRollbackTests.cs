using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Defaults;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Deployments;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Deployments;

/// <summary>The deprecated.deployment.rollback.to request, carried out as rollback.go does and told in events.</summary>
public sealed class DeploymentRollbackTests
{
    private readonly RecordingObjectControl _control = new();

    private static JsonObject Template(string image) => (JsonObject)JsonNode.Parse($$"""
        {"metadata": {"labels": {"app": "web"} }, "spec": {"containers": [{"name": "c", "image": "{{image}}"}]} }
        """)!;

    private static JsonObject Deployment(string image, string? rollbackTo)
    {
        var d = (JsonObject)JsonNode.Parse("""
            {
              "apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "web", "namespace": "ns", "uid": "d-uid", "generation": 3, "resourceVersion": "7",
                           "annotations": {"kubernetes.io/change-cause": "v3", "deployment.kubernetes.io/revision": "3"} },
              "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"} },
                       "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0} }, "revisionHistoryLimit": 10},
              "status": {"observedGeneration": 3}
            }
            """)!;
        if (rollbackTo is not null) d["metadata"]!["annotations"]!["deprecated.deployment.rollback.to"] = rollbackTo;
        d["spec"]!["template"] = Template(image);
        return d;
    }

    private static JsonObject ReplicaSet(string image, long revision, int replicas)
    {
        var template = Template(image);
        var hash = PodTemplateHash.Compute(template);
        template["metadata"]!["labels"]![PodTemplateHash.LabelKey] = hash;
        var rs = (JsonObject)JsonNode.Parse($$"""
            {
              "apiVersion": "apps/v1", "kind": "ReplicaSet",
              "metadata": {"name": "web-{{hash}}", "namespace": "ns", "uid": "uid-{{image}}", "resourceVersion": "4",
                           "creationTimestamp": "{{Stores.At(100 - (int)revision)}}", "labels": {"app": "web", "pod-template-hash": "{{hash}}"},
                           "annotations": {"deployment.kubernetes.io/revision": "{{revision}}", "kubernetes.io/change-cause": "v{{revision}}",
                                           "deployment.kubernetes.io/desired-replicas": "2", "deployment.kubernetes.io/max-replicas": "3"},
                           "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "d-uid", "controller": true, "blockOwnerDeletion": true}]},
              "spec": {"replicas": {{replicas}}, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "{{hash}}"} } },
              "status": {"replicas": {{replicas}}, "readyReplicas": {{replicas}}, "availableReplicas": {{replicas}} }
            }
            """)!;
        rs["spec"]!["template"] = template;
        return rs;
    }

    private async Task<JsonObject?> SyncAsync(JsonObject d, params JsonObject[] sets)
    {
        _control.Seed(ResourceTypes.Deployment, d);
        await new DeploymentController(Stores.New(d).Lister, Stores.New(sets).Lister, Stores.New().Lister, _control, NullLogger.Instance, new ManualTime()).SyncAsync("ns/web", default);
        return _control.Of("update", ResourceTypes.Deployment).LastOrDefault();
    }

    private static readonly JsonObject[] History = [ReplicaSet("nginx:1", 1, 0), ReplicaSet("nginx:2", 2, 0), ReplicaSet("nginx:3", 3, 2)];

    [Fact]
    public async Task RollsBackToThePreviousRevisionAndSaysSo()
    {
        var updated = await SyncAsync(Deployment("nginx:3", "0"), History);
        Assert.NotNull(updated);
        Assert.Equal("nginx:2", ((JsonArray)updated.At("spec", "template", "spec", "containers")!)[0].StringAt("image"));
        Assert.Null(updated.StringAt("metadata", "labels", "pod-template-hash"));
        Assert.Null(updated.At("spec", "template", "metadata", "labels", "pod-template-hash"));
        Assert.Null(updated.StringAt("metadata", "annotations", "deprecated.deployment.rollback.to"));
        Assert.Equal("v2", updated.StringAt("metadata", "annotations", "kubernetes.io/change-cause"));
        Assert.Equal(["Normal DeploymentRollback deployment-controller Rolled back deployment \"web\" to revision 2"], _control.EventLines);
        // Nothing else moves in the sync that rolls back.
        Assert.Empty(_control.Of("create", ResourceTypes.ReplicaSet));
    }

    [Fact]
    public async Task RollsBackToANamedRevision()
    {
        var updated = await SyncAsync(Deployment("nginx:3", "1"), History);
        Assert.Equal("nginx:1", ((JsonArray)updated.At("spec", "template", "spec", "containers")!)[0].StringAt("image"));
        Assert.Equal(["Normal DeploymentRollback deployment-controller Rolled back deployment \"web\" to revision 1"], _control.EventLines);
    }

    [Fact]
    public async Task AnUnknownRevisionOrTheSameTemplateIsAWarningAndTheRequestIsDropped()
    {
        var updated = await SyncAsync(Deployment("nginx:3", "9"), History);
        Assert.Null(updated.StringAt("metadata", "annotations", "deprecated.deployment.rollback.to"));
        Assert.Equal("nginx:3", ((JsonArray)updated.At("spec", "template", "spec", "containers")!)[0].StringAt("image"));
        Assert.Equal(["Warning DeploymentRollbackRevisionNotFound deployment-controller Unable to find the revision to rollback to."], _control.EventLines);

        _control.Events.Clear();
        await SyncAsync(Deployment("nginx:3", "3"), History);
        Assert.Equal(["Warning DeploymentRollbackTemplateUnchanged deployment-controller The rollback revision contains the same template as current deployment \"web\""], _control.EventLines);

        _control.Events.Clear();
        await SyncAsync(Deployment("nginx:3", "0"), ReplicaSet("nginx:3", 3, 2));
        Assert.Equal(["Warning DeploymentRollbackRevisionNotFound deployment-controller Unable to find last revision."], _control.EventLines);
    }
}
