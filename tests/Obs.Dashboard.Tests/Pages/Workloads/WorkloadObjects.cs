using System.Text.Json.Nodes;
using Obs.Dashboard.Tests.Components;

namespace Obs.Dashboard.Tests.Pages.Workloads;

/// <summary>Workload objects as the apiserver and controllers would have left them, for the cache.</summary>
public static class WorkloadObjects
{
    public static JsonObject Deployment(string ns, string name, int replicas = 3, int ready = 3, string image = "nginx:1.27", long generation = 1)
    {
        var meta = CachedObjects.Meta(ns, name, TimeSpan.FromDays(2));
        meta["generation"] = generation;
        meta["labels"] = new JsonObject { ["app"] = name };
        return new JsonObject
        {
            ["kind"] = "Deployment",
            ["apiVersion"] = "apps/v1",
            ["metadata"] = meta,
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["strategy"] = new JsonObject { ["type"] = "RollingUpdate" },
                ["template"] = Template(name, image),
            },
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = generation,
                ["replicas"] = replicas,
                ["updatedReplicas"] = replicas,
                ["readyReplicas"] = ready,
                ["availableReplicas"] = ready,
            },
        };
    }

    public static JsonObject ReplicaSet(JsonObject deployment, string hash, long revision, string image, int replicas)
    {
        var name = deployment["metadata"]!["name"]!.GetValue<string>();
        var ns = deployment["metadata"]!["namespace"]!.GetValue<string>();
        var meta = CachedObjects.Meta(ns, $"{name}-{hash}", TimeSpan.FromHours(revision));
        meta["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        meta["labels"] = new JsonObject { ["app"] = name, ["pod-template-hash"] = hash };
        meta["ownerReferences"] = Owner("apps/v1", "Deployment", deployment);
        var template = Template(name, image);
        template["metadata"]!["labels"]!["pod-template-hash"] = hash;
        return new JsonObject
        {
            ["kind"] = "ReplicaSet",
            ["apiVersion"] = "apps/v1",
            ["metadata"] = meta,
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name, ["pod-template-hash"] = hash } },
                ["template"] = template,
            },
            ["status"] = new JsonObject { ["replicas"] = replicas, ["readyReplicas"] = replicas },
        };
    }

    /// <summary>A ReplicationController: core/v1, its selector a plain label map.</summary>
    public static JsonObject ReplicationController(string ns, string name, int replicas = 3, int ready = 3, string image = "nginx:1.27")
    {
        var meta = CachedObjects.Meta(ns, name, TimeSpan.FromDays(1));
        meta["generation"] = 1;
        return new JsonObject
        {
            ["kind"] = "ReplicationController",
            ["apiVersion"] = "v1",
            ["metadata"] = meta,
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["app"] = name },
                ["template"] = Template(name, image),
            },
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = 1,
                ["replicas"] = replicas,
                ["fullyLabeledReplicas"] = replicas,
                ["readyReplicas"] = ready,
                ["availableReplicas"] = ready,
            },
        };
    }

    public static JsonObject Pod(JsonObject owner, string name, string phase = "Running", bool ready = true)
    {
        var meta = CachedObjects.Meta(owner["metadata"]!["namespace"]!.GetValue<string>(), name, TimeSpan.FromMinutes(5));
        meta["ownerReferences"] = Owner(owner["apiVersion"]!.GetValue<string>(), owner["kind"]!.GetValue<string>(), owner);
        return new JsonObject
        {
            ["kind"] = "Pod",
            ["apiVersion"] = "v1",
            ["metadata"] = meta,
            ["spec"] = new JsonObject { ["nodeName"] = "node-1", ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "nginx" }) },
            ["status"] = new JsonObject
            {
                ["phase"] = phase,
                ["containerStatuses"] = new JsonArray(new JsonObject
                {
                    ["name"] = "main",
                    ["ready"] = ready,
                    ["restartCount"] = 0,
                    ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = CachedObjects.Ago(TimeSpan.FromMinutes(4)) } },
                }),
            },
        };
    }

    public static JsonObject Template(string app, string image) => new()
    {
        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app } },
        ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = image }) },
    };

    public static JsonArray Owner(string apiVersion, string kind, JsonObject owner) => new(new JsonObject
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["name"] = owner["metadata"]!["name"]!.GetValue<string>(),
        ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
        ["controller"] = true,
    });
}
