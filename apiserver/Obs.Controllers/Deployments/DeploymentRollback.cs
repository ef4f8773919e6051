using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Defaults;
using Obs.Api.Objects;

namespace Obs.Controllers.Deployments;

/// <summary>
/// The rollback the deployment controller still performs (rollback.go) when a Deployment carries
/// <c>deprecated.deployment.rollback.to: &lt;revision&gt;</c> (0: the previous revision), what the
/// old <c>spec.rollbackTo</c> became: the template of that revision's ReplicaSet is copied back, the
/// annotation is cleared, and a <c>DeploymentRollback</c> event (or a warning) says what happened.
/// <c>kubectl rollout undo</c> patches the template itself instead, and emits no such event, in
/// Kubernetes as here.
/// </summary>
internal static class DeploymentRollback
{
    public const string RollbackTo = "deprecated.deployment.rollback.to";

    /// <summary>The revision asked for, or null when there is no (valid) request.</summary>
    public static long? Requested(JsonObject d) =>
        long.TryParse(d.StringAt("metadata", "annotations", RollbackTo), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var revision) ? revision : null;

    /// <summary>
    /// Applies the request to <paramref name="d"/> (template copied when it differs, annotation
    /// removed) and returns the event to record: type, reason, message.
    /// </summary>
    public static (bool Normal, string Reason, string Message) Apply(JsonObject d, IReadOnlyList<JsonObject> sets)
    {
        var revision = Requested(d) ?? 0;
        d["metadata"]!["annotations"]!.AsObject().Remove(RollbackTo);
        if (revision == 0)
        {
            // The revision before the newest one.
            revision = sets.Select(DeploymentAnnotations.RevisionOf).Where(r => r > 0).OrderDescending().Skip(1).FirstOrDefault();
            if (revision == 0) return (false, "DeploymentRollbackRevisionNotFound", "Unable to find last revision.");
        }
        var target = sets.FirstOrDefault(rs => DeploymentAnnotations.RevisionOf(rs) == revision);
        if (target?.At("spec", "template") is not JsonObject template)
            return (false, "DeploymentRollbackRevisionNotFound", "Unable to find the revision to rollback to.");
        var name = ObjectMeta.Name(d);
        if (d.At("spec", "template") is JsonObject current && PodTemplateNormalizer.AreEquivalent(current, template))
            return (false, "DeploymentRollbackTemplateUnchanged", $"The rollback revision contains the same template as current deployment \"{name}\"");
        var copy = (JsonObject)template.DeepClone();
        if (copy.At("metadata", "labels") is JsonObject labels) labels.Remove(PodTemplateHash.LabelKey);
        d["spec"]!["template"] = copy;
        // The old ReplicaSet's annotations (its change-cause among them) replace the Deployment's own, as SetDeploymentAnnotationsTo does.
        var annotations = d["metadata"]!["annotations"]!.AsObject();
        foreach (var key in annotations.Select(a => a.Key).Where(k => !DeploymentAnnotations.IsSkipped(k)).ToList()) annotations.Remove(key);
        foreach (var (key, value) in ObjectMeta.Annotations(target))
        {
            if (!DeploymentAnnotations.IsSkipped(key)) annotations[key] = value;
        }
        return (true, "DeploymentRollback", $"Rolled back deployment \"{name}\" to revision {revision}");
    }
}
