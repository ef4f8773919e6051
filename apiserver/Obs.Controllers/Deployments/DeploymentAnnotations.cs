using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Deployments;

/// <summary>The annotations a Deployment and its ReplicaSets carry (deploymentutil).</summary>
internal static class DeploymentAnnotations
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";
    public const string ChangeCause = "kubernetes.io/change-cause";

    // Annotations of the Deployment that are not copied onto its ReplicaSets.
    private static readonly HashSet<string> NotCopied =
    [
        "kubectl.kubernetes.io/last-applied-configuration",
        Revision, RevisionHistory, DesiredReplicas, MaxReplicas,
        "deprecated.deployment.rollback.to",
    ];

    /// <summary>Annotations that belong to the Deployment or the ReplicaSet alone (getSkippedAnnotations).</summary>
    public static bool IsSkipped(string key) => NotCopied.Contains(key);

    public static long RevisionOf(JsonNode? obj) =>
        long.TryParse(obj.StringAt("metadata", "annotations", Revision), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : 0;

    public static long? LongAnnotation(JsonNode? obj, string key) =>
        long.TryParse(obj.StringAt("metadata", "annotations", key), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>Copies the Deployment's annotations (change-cause among them) onto the ReplicaSet; true when one changed.</summary>
    public static bool CopyToReplicaSet(JsonObject d, JsonObject rs)
    {
        var annotations = rs.Ensure("metadata", "annotations");
        var changed = false;
        foreach (var (key, value) in ObjectMeta.Annotations(d))
        {
            if (NotCopied.Contains(key) || annotations[key]?.GetValue<string>() == value) continue;
            annotations[key] = value;
            changed = true;
        }
        return changed;
    }

    /// <summary>SetNewReplicaSetAnnotations: copied annotations, the new revision (old one to the history), and the replica annotations on a new ReplicaSet.</summary>
    public static bool SetNewReplicaSetAnnotations(JsonObject d, JsonObject rs, long newRevision, bool exists, long maxReplicas)
    {
        var changed = CopyToReplicaSet(d, rs);
        var annotations = rs.Ensure("metadata", "annotations");
        var oldText = annotations[Revision]?.GetValue<string>();
        long oldRevision = 0;
        if (!string.IsNullOrEmpty(oldText) && !long.TryParse(oldText, NumberStyles.None, CultureInfo.InvariantCulture, out oldRevision)) return false;
        if (oldRevision < newRevision)
        {
            annotations[Revision] = newRevision.ToString(CultureInfo.InvariantCulture);
            changed = true;
            if (!string.IsNullOrEmpty(oldText) && exists)
            {
                var history = annotations[RevisionHistory]?.GetValue<string>();
                annotations[RevisionHistory] = string.IsNullOrEmpty(history) ? oldText : history + "," + oldText;
            }
        }
        if (!exists && SetReplicas(rs, Replicas.Of(d), maxReplicas)) changed = true;
        return changed;
    }

    public static bool ReplicasNeedUpdate(JsonObject rs, long desired, long max) =>
        LongAnnotation(rs, DesiredReplicas) != desired || LongAnnotation(rs, MaxReplicas) != max;

    public static bool SetReplicas(JsonObject rs, long desired, long max)
    {
        if (!ReplicasNeedUpdate(rs, desired, max)) return false;
        var annotations = rs.Ensure("metadata", "annotations");
        annotations[DesiredReplicas] = desired.ToString(CultureInfo.InvariantCulture);
        annotations[MaxReplicas] = max.ToString(CultureInfo.InvariantCulture);
        return true;
    }
}
