using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.Jobs;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Jobs;

/// <summary>The pods of the Job "ns/pi" (uid job-uid), and one sync of the controller over them with the writes recorded.</summary>
internal static class JobFixtures
{
    public const string IndexKey = "batch.kubernetes.io/job-completion-index";

    /// <summary>
    /// A pod of the Job in <paramref name="phase"/>, or Running and ready when <paramref name="ready"/>;
    /// not yet counted (it holds the tracking finalizer) unless <paramref name="counted"/>.
    /// </summary>
    public static JsonObject Pod(string name, string phase, int? index = null, bool ready = false, bool deleting = false, bool counted = false)
    {
        var pod = Stores.Pod(name, "job-uid", readyFor: ready ? 10 : null);
        pod["metadata"]!["labels"] = new JsonObject { ["job-name"] = "pi" };
        if (!counted) pod["metadata"]!["finalizers"] = new JsonArray(TrackingFinalizer.Name);
        pod["metadata"]!["ownerReferences"]![0]!["kind"] = "Job";
        pod["metadata"]!["ownerReferences"]![0]!["name"] = "pi";
        if (index is { } i) pod["metadata"]!["annotations"] = new JsonObject { [IndexKey] = i.ToString(CultureInfo.InvariantCulture) };
        if (deleting)
        {
            // Asked to stop now, with the default grace period.
            pod["metadata"]!["deletionTimestamp"] = Stores.At(-30);
            pod["metadata"]!["deletionGracePeriodSeconds"] = 30;
        }
        if (!ready) pod["status"] = new JsonObject { ["phase"] = phase };
        return pod;
    }

    /// <summary>Gives <paramref name="pod"/> a container that terminated <paramref name="secondsAgo"/>: when the pod finished, for the back-off.</summary>
    public static JsonObject FinishedAgo(JsonObject pod, int secondsAgo)
    {
        pod["status"]!["containerStatuses"] = new JsonArray(new JsonObject
        {
            ["name"] = "c", ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 1, ["finishedAt"] = Stores.At(secondsAgo) } },
        });
        return pod;
    }

    /// <summary>Syncs the Job once; returns the last status written, if any.</summary>
    public static async Task<JsonNode?> SyncAsync(RecordingObjectControl control, JsonObject job, params JsonObject[] pods)
    {
        await new JobController(Stores.New(job).Lister, Stores.New(pods).Lister, control, NullLogger.Instance, new ManualTime()).SyncAsync("ns/pi", default);
        return control.Of("status", ResourceTypes.Job).LastOrDefault()?["status"];
    }

    /// <summary>The conditions as "Type Reason", in order.</summary>
    public static List<string> Conditions(JsonNode? status) =>
        (status?["conditions"] as JsonArray ?? []).Select(c => $"{c.StringAt("type")} {c.StringAt("reason")}").ToList();

    public static List<string?> CreatedIndexes(RecordingObjectControl control) =>
        control.Of("create", ResourceTypes.Pod).Select(p => p.StringAt("metadata", "annotations", IndexKey)).Order().ToList();

    /// <summary>The Job's pods not yet started nor deleted, once there are <paramref name="count"/> (against the real apiserver).</summary>
    public static async Task<List<JsonObject>> NewPodsAsync(ApiClient client, string ns, int count)
    {
        List<JsonObject> pods = [];
        await Eventually.HoldsAsync(async () =>
        {
            pods = (await client.ListAsync(ResourceTypes.Pod, ns)).Items.Where(p => ObjectMeta.DeletionTimestamp(p) is null && p.StringAt("status", "phase") is null or "Pending").ToList();
            return pods.Count == count;
        }, () => Task.FromResult($"{count} new pods, saw {pods.Count}"));
        return pods;
    }

    /// <summary>The Job "work" in <paramref name="ns"/> once <paramref name="condition"/> holds for it.</summary>
    public static async Task<JsonObject> JobWhenAsync(ApiClient client, string ns, Func<JsonObject, bool> condition)
    {
        JsonObject job = new();
        await Eventually.HoldsAsync(async () =>
        {
            job = await client.GetAsync(ResourceTypes.Job, ns, "work");
            return condition(job);
        }, () => Task.FromResult(job["status"]?.ToJsonString() ?? "no status"), 60);
        return job;
    }
}
