using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ApiServer.Registry;

/// <summary>
/// A Job's selector is the server's to choose, unless the user asks for <c>manualSelector</c>:
/// the Job's uid, carried as labels on its pod template so that its pods, and only they, match.
/// </summary>
public static class JobSelector
{
    public const string ControllerUid = "batch.kubernetes.io/controller-uid";
    public const string JobName = "batch.kubernetes.io/job-name";
    // The unprefixed labels older clients and dashboards still select on.
    private const string LegacyControllerUid = "controller-uid";
    private const string LegacyJobName = "job-name";

    public static void Generate(JsonObject job)
    {
        if (job.BoolAt("spec", "manualSelector") == true) return;
        var uid = ObjectMeta.Uid(job)!;
        var name = ObjectMeta.Name(job) ?? "";
        var labels = job.Ensure("spec", "template", "metadata", "labels");
        labels[ControllerUid] = uid;
        labels[JobName] = name;
        labels[LegacyControllerUid] = uid;
        labels[LegacyJobName] = name;
        job.Ensure("spec")["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [ControllerUid] = uid } };
    }
}
