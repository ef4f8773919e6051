using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Defaults;

/// <summary>apps/v1 defaults (SetDefaults_Deployment, _ReplicaSet, _StatefulSet, _DaemonSet) plus each pod template, and core/v1 ReplicationController's.</summary>
internal static class AppsDefaults
{
    public static void Deployment(JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        DefaultFields.Pointer(spec, "replicas", 1);
        var strategy = spec.Ensure("strategy");
        DefaultFields.String(strategy, "type", "RollingUpdate");
        if (DefaultFields.Text(strategy, "type") == "RollingUpdate")
        {
            var rollingUpdate = strategy.Ensure("rollingUpdate");
            DefaultFields.Pointer(rollingUpdate, "maxUnavailable", "25%");
            DefaultFields.Pointer(rollingUpdate, "maxSurge", "25%");
        }
        DefaultFields.Pointer(spec, "revisionHistoryLimit", 10);
        DefaultFields.Pointer(spec, "progressDeadlineSeconds", 600);
        Template(spec);
    }

    public static void ReplicaSet(JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        DefaultFields.Pointer(spec, "replicas", 1);
        Template(spec);
    }

    /// <summary>
    /// core/v1, but a ReplicaSet in all but its selector, which (with the object's labels when it has none)
    /// defaults to the template's labels, as SetDefaults_ReplicationController does.
    /// </summary>
    public static void ReplicationController(JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        if (spec.At("template", "metadata", "labels") is JsonObject { Count: > 0 } labels)
        {
            if (spec["selector"] is not JsonObject { Count: > 0 }) spec["selector"] = labels.DeepClone();
            var metadata = obj.Ensure("metadata");
            if (metadata["labels"] is not JsonObject { Count: > 0 }) metadata["labels"] = labels.DeepClone();
        }
        ReplicaSet(obj);
    }

    public static void StatefulSet(JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        DefaultFields.String(spec, "podManagementPolicy", "OrderedReady");
        var strategy = spec.Ensure("updateStrategy");
        if (DefaultFields.IsUnsetString(strategy, "type"))
        {
            strategy["type"] = "RollingUpdate";
            DefaultFields.Pointer(strategy, "rollingUpdate", new JsonObject());
        }
        // An explicit RollingUpdate without rollingUpdate stays without it; only a present one gets a partition.
        if (DefaultFields.Text(strategy, "type") == "RollingUpdate" && DefaultFields.Child(strategy, "rollingUpdate") is { } rollingUpdate)
        {
            DefaultFields.Pointer(rollingUpdate, "partition", 0);
        }
        var retention = spec.Ensure("persistentVolumeClaimRetentionPolicy");
        DefaultFields.String(retention, "whenDeleted", "Retain");
        DefaultFields.String(retention, "whenScaled", "Retain");
        DefaultFields.Pointer(spec, "replicas", 1);
        DefaultFields.Pointer(spec, "revisionHistoryLimit", 10);
        foreach (var claim in DefaultFields.Items(spec, "volumeClaimTemplates"))
        {
            CoreDefaults.PersistentVolumeClaim(claim);
        }
        Template(spec);
    }

    public static void DaemonSet(JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        var strategy = spec.Ensure("updateStrategy");
        DefaultFields.String(strategy, "type", "RollingUpdate");
        if (DefaultFields.Text(strategy, "type") == "RollingUpdate")
        {
            var rollingUpdate = strategy.Ensure("rollingUpdate");
            DefaultFields.Pointer(rollingUpdate, "maxUnavailable", 1);
            DefaultFields.Pointer(rollingUpdate, "maxSurge", 0);
        }
        DefaultFields.Pointer(spec, "revisionHistoryLimit", 10);
        Template(spec);
    }

    /// <summary>Defaults <c>spec.template.spec</c> when the object has one.</summary>
    internal static void Template(JsonObject spec)
    {
        if (spec.At("template", "spec") is JsonObject podSpec) PodSpecDefaults.Apply(podSpec);
    }
}
