using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Defaults;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Dashboard.Pages.Workloads;

/// <summary>
/// The changes a user makes to a workload, each made with the user's own API client (so the API
/// decides whether they may) and each written the way kubectl writes it, so controllers and other
/// tools see the same fields: <c>kubectl scale</c>, <c>rollout restart</c>, <c>rollout undo</c>,
/// <c>rollout pause/resume</c>, <c>delete</c> and <c>create job --from=cronjob/…</c>.
/// Each returns the sentence to show the user; API errors are left to <see cref="Components.Objects.ActionOutcome"/>.
/// </summary>
public sealed class WorkloadActions(ApiClient api, TimeProvider clock)
{
    public const string RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";
    public const string InstantiateAnnotation = "cronjob.kubernetes.io/instantiate";

    // kubectl rollout undo copies the ReplicaSet's annotations onto the Deployment except these.
    private static readonly HashSet<string> RollbackSkippedAnnotations =
    [
        "kubectl.kubernetes.io/last-applied-configuration", RevisionHistory.RevisionAnnotation,
        "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas", "deployment.kubernetes.io/max-replicas",
    ];

    /// <summary>Sets the replica count through the scale subresource.</summary>
    public async Task<string> ScaleAsync(WorkloadKind kind, string @namespace, string name, int replicas)
    {
        if (!kind.Scalable) throw new InvalidOperationException($"{kind.Title} cannot be scaled");
        if (replicas < 0) throw new InvalidOperationException("replicas must be 0 or more");
        await api.ScaleAsync(kind.Type, @namespace, name, replicas);
        return $"{kind.Singular} {name} scaled to {replicas} replicas.";
    }

    /// <summary>Stamps the pod template with the time, so the controller rolls every pod as it would for any template change.</summary>
    public async Task<string> RestartAsync(WorkloadKind kind, string @namespace, string name)
    {
        if (!kind.Restartable) throw new InvalidOperationException($"{kind.Title} cannot be restarted");
        var now = clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RestartedAtAnnotation] = now } } },
            },
        };
        await api.PatchAsync(kind.Type, @namespace, name, PatchType.Merge, patch);
        return $"{kind.Singular} {name} restarted: its pods are being replaced.";
    }

    /// <summary>Pauses or resumes a Deployment's rollouts (spec.paused).</summary>
    public async Task<string> SetPausedAsync(string @namespace, string name, bool paused)
    {
        var patch = new JsonObject { ["spec"] = new JsonObject { ["paused"] = paused } };
        await api.PatchAsync(ResourceTypes.Deployment, @namespace, name, PatchType.Merge, patch);
        return paused ? $"Deployment {name} paused." : $"Deployment {name} resumed.";
    }

    /// <summary>
    /// Rolls a Deployment back to <paramref name="revision"/>: its template becomes that
    /// ReplicaSet's (without the pod-template-hash label), as <c>kubectl rollout undo --to-revision</c> does.
    /// </summary>
    public async Task<string> RollbackAsync(string @namespace, string name, long revision)
    {
        var deployment = await api.GetAsync(ResourceTypes.Deployment, @namespace, name);
        if (deployment.BoolAt("spec", "paused") == true)
            throw new InvalidOperationException($"Deployment {name} is paused: resume it before rolling back");
        var sets = await api.ListAsync(ResourceTypes.ReplicaSet, @namespace);
        var uid = ObjectMeta.Uid(deployment);
        var target = sets.Items.FirstOrDefault(rs =>
            WorkloadOwnership.ControllerUid(rs) == uid
            && rs.StringAt("metadata", "annotations", RevisionHistory.RevisionAnnotation) == revision.ToString(CultureInfo.InvariantCulture))
            ?? throw new InvalidOperationException($"Deployment {name} has no revision {revision}");
        var template = (JsonObject)target["spec"]!["template"]!.DeepClone();
        (template.At("metadata", "labels") as JsonObject)?.Remove(PodTemplateHash.LabelKey);
        if (JsonNode.DeepEquals(template, deployment.At("spec", "template")))
            return $"Deployment {name} already runs revision {revision}'s template: nothing to roll back.";

        var annotations = new JsonObject();
        foreach (var (key, value) in ObjectMeta.Annotations(deployment)) annotations[key] = value;
        foreach (var (key, value) in ObjectMeta.Annotations(target))
        {
            if (!RollbackSkippedAnnotations.Contains(key)) annotations[key] = value;
        }
        // The resourceVersion test makes this a compare-and-swap: a Deployment changed meanwhile is not overwritten.
        var patch = new JsonArray(
            new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = ObjectMeta.ResourceVersion(deployment) },
            new JsonObject { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = template },
            new JsonObject { ["op"] = deployment.At("metadata", "annotations") is null ? "add" : "replace", ["path"] = "/metadata/annotations", ["value"] = annotations });
        await api.PatchAsync(ResourceTypes.Deployment, @namespace, name, PatchType.Json, patch);
        return $"Deployment {name} rolled back to revision {revision}.";
    }

    /// <summary>Deletes the workload; what it owns goes with it (background propagation, kubectl's default).</summary>
    public async Task<string> DeleteAsync(ResourceType type, string @namespace, string name)
    {
        await api.DeleteAsync(type, @namespace, name, DeleteOptions.Background);
        return $"{type.Kind} {name} deleted.";
    }

    /// <summary>
    /// Creates a Job from a CronJob's jobTemplate now, marked as started by hand and owned by the
    /// CronJob, as <c>kubectl create job --from=cronjob/…</c> does. Returns the message naming the Job.
    /// </summary>
    public async Task<string> RunNowAsync(string @namespace, string name)
    {
        var cronJob = await api.GetAsync(ResourceTypes.CronJob, @namespace, name);
        var template = cronJob.At("spec", "jobTemplate") as JsonObject
            ?? throw new InvalidOperationException($"CronJob {name} has no jobTemplate");
        var annotations = new JsonObject { [InstantiateAnnotation] = "manual" };
        foreach (var (key, value) in ObjectMeta.Annotations(template)) annotations[key] = value;
        var labels = new JsonObject();
        foreach (var (key, value) in ObjectMeta.Labels(template)) labels[key] = value;
        var jobName = ManualJobName(name);
        var job = new JsonObject
        {
            ["apiVersion"] = ResourceTypes.Job.ApiVersion,
            ["kind"] = ResourceTypes.Job.Kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = jobName,
                ["namespace"] = @namespace,
                ["labels"] = labels,
                ["annotations"] = annotations,
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = ResourceTypes.CronJob.ApiVersion,
                    ["kind"] = ResourceTypes.CronJob.Kind,
                    ["name"] = name,
                    ["uid"] = ObjectMeta.Uid(cronJob),
                    ["controller"] = true,
                }),
            },
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
        await api.CreateAsync(ResourceTypes.Job, job);
        return $"Job {jobName} created from CronJob {name}.";
    }

    // A Job name must leave room for the pod suffix under the 63-character label limit, as the CronJob controller's do.
    private string ManualJobName(string cronJob)
    {
        var stamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var prefix = cronJob.Length > 40 ? cronJob[..40].TrimEnd('-') : cronJob;
        return $"{prefix}-manual-{stamp[^6..]}{Random.Shared.Next(100, 1000)}";
    }
}
