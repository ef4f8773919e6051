using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
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
        if (deleting) pod["metadata"]!["deletionTimestamp"] = Stores.At(-30);
        if (!ready) pod["status"] = new JsonObject { ["phase"] = phase };
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
}
