using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;
using Obs.Api.Selectors;

namespace Obs.Api.Validation;

/// <summary>PersistentVolumeClaims, PersistentVolumes and StorageClasses.</summary>
internal static class StorageValidation
{
    private static readonly string[] AccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
    private static readonly string[] VolumeModes = ["Block", "Filesystem"];
    private static readonly string[] ReclaimPolicies = ["Delete", "Recycle", "Retain"];
    private static readonly string[] ClassReclaimPolicies = ["Delete", "Retain"];
    private static readonly string[] BindingModes = ["Immediate", "WaitForFirstConsumer"];

    public static void ValidateClaim(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        if (spec is null)
        {
            errors.Add(FieldError.Required("spec.accessModes", "at least 1 access mode is required"));
            errors.Add(FieldError.Required("spec.resources[storage]"));
            return;
        }
        ValidateClaimSpec(spec, "spec", errors);
    }

    /// <summary>A claim spec (also used by StatefulSet volumeClaimTemplates): access modes and a positive storage request.</summary>
    public static void ValidateClaimSpec(JsonObject? spec, string path, ErrorList errors)
    {
        var modes = errors.Strings(spec, "accessModes", path);
        if (modes.Count == 0) errors.Add(FieldError.Required(path.Child("accessModes"), "at least 1 access mode is required"));
        foreach (var mode in modes)
        {
            if (!AccessModes.Contains(mode)) errors.Add(FieldError.NotSupported(path.Child("accessModes"), mode, AccessModes));
        }
        if (spec?["selector"] is { } selector) errors.AddRange(LabelSelector.ValidateJson(selector, path.Child("selector")));
        var storagePath = path.Child("resources").Key("storage");
        var requests = errors.Object(errors.Object(spec, "resources", path), "requests", path.Child("resources"));
        var storage = requests?["storage"];
        if (storage is null) errors.Add(FieldError.Required(storagePath));
        else if (errors.Quantity(storage, storagePath) is { } quantity && quantity.Sign <= 0)
            errors.Add(FieldError.Invalid(storagePath, quantity.ToString(), Checks.Positive));
        var className = errors.String(spec, "storageClassName", path) ?? "";
        if (className.Length > 0) errors.Name(NameFormats.IsDns1123Subdomain(className), path.Child("storageClassName"), className);
        var volumeMode = errors.String(spec, "volumeMode", path);
        if (volumeMode is not null && !VolumeModes.Contains(volumeMode)) errors.Add(FieldError.NotSupported(path.Child("volumeMode"), volumeMode, VolumeModes));
    }

    /// <summary>
    /// A claim's spec is fixed after creation except for larger storage requests, the volume it binds to
    /// (set once), and volumeAttributesClassName.
    /// </summary>
    public static void ValidateClaimUpdate(JsonObject newObj, JsonObject oldObj, ErrorList errors)
    {
        var now = (newObj["spec"] as JsonObject)?.DeepClone() as JsonObject ?? [];
        var before = (oldObj["spec"] as JsonObject)?.DeepClone() as JsonObject ?? [];
        var oldVolume = JsonValues.String(before["volumeName"]) ?? "";
        if (oldVolume.Length == 0)
        {
            now.Remove("volumeName");
            before.Remove("volumeName");
        }
        foreach (var spec in (JsonObject[])[now, before])
        {
            spec.Remove("volumeAttributesClassName");
            if (spec["resources"] is JsonObject resources) resources.Remove("requests");
            if (spec["resources"] is JsonObject { Count: 0 }) spec.Remove("resources");
        }
        if (!JsonNode.DeepEquals(now, before))
            errors.Add(FieldError.Forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"));

        var newStorage = newObj.At("spec", "resources", "requests", "storage");
        var oldStorage = oldObj.At("spec", "resources", "requests", "storage");
        if (Quantities.Quantity.TryFromJson(newStorage, out var n, out _) && Quantities.Quantity.TryFromJson(oldStorage, out var o, out _) && n < o)
            errors.Add(FieldError.Forbidden("spec.resources.requests.storage", "field can not be less than previous value"));
    }

    public static void ValidateVolume(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        const string path = "spec";
        var modes = errors.Strings(spec, "accessModes", path);
        if (modes.Count == 0) errors.Add(FieldError.Required(path.Child("accessModes")));
        foreach (var mode in modes)
        {
            if (!AccessModes.Contains(mode)) errors.Add(FieldError.NotSupported(path.Child("accessModes"), mode, AccessModes));
        }
        var capacity = errors.Object(spec, "capacity", path);
        if (capacity is null || capacity.Count == 0) errors.Add(FieldError.Required(path.Child("capacity")));
        else
        {
            foreach (var (name, value) in capacity)
            {
                if (name != "storage") errors.Add(FieldError.NotSupported(path.Child("capacity").Key(name), name, ["storage"]));
                else if (errors.Quantity(value, path.Child("capacity").Key(name)) is { Sign: < 0 } q)
                    errors.Add(FieldError.Invalid(path.Child("capacity").Key(name), q.ToString(), Checks.NonNegative));
            }
        }
        var reclaim = errors.String(spec, "persistentVolumeReclaimPolicy", path);
        if (reclaim is not null && !ReclaimPolicies.Contains(reclaim))
            errors.Add(FieldError.NotSupported(path.Child("persistentVolumeReclaimPolicy"), reclaim, ReclaimPolicies));
        var sources = new[] { "hostPath", "local", "nfs", "csi", "iscsi", "fc", "rbd", "cephfs", "glusterfs", "awsElasticBlockStore", "gcePersistentDisk", "azureDisk", "azureFile", "cinder", "flexVolume" }
            .Where(s => spec?[s] is not null).ToList();
        if (sources.Count == 0) errors.Add(FieldError.Required(path, "must specify a volume type"));
        foreach (var extra in sources.Skip(1)) errors.Add(FieldError.Forbidden(path.Child(extra), "may not specify more than 1 volume type"));
        if (spec?["hostPath"] is JsonObject hostPath && (JsonValues.String(hostPath["path"]) ?? "").Length == 0)
            errors.Add(FieldError.Required(path.Child("hostPath", "path")));
    }

    /// <summary>A StorageClass: a provisioner name, and a reclaim policy and binding mode from the supported ones.</summary>
    public static void ValidateClass(JsonObject obj, ErrorList errors)
    {
        var provisioner = errors.String(obj, "provisioner", "") ?? "";
        if (provisioner.Length == 0) errors.Add(FieldError.Required("provisioner"));
        else if (provisioner.Length > 63) errors.Add(FieldError.TooLong("provisioner", provisioner, 63));
        else errors.Name(NameFormats.IsQualifiedName(provisioner.ToLowerInvariant()), "provisioner", provisioner);
        var reclaim = errors.String(obj, "reclaimPolicy", "");
        if (reclaim is not null && !ClassReclaimPolicies.Contains(reclaim)) errors.Add(FieldError.NotSupported("reclaimPolicy", reclaim, ClassReclaimPolicies));
        var mode = errors.String(obj, "volumeBindingMode", "");
        if (mode is not null && !BindingModes.Contains(mode)) errors.Add(FieldError.NotSupported("volumeBindingMode", mode, BindingModes));
        errors.StringMap(obj, "parameters", "");
    }

    /// <summary>Everything but metadata and allowVolumeExpansion is fixed once a class exists.</summary>
    public static void ValidateClassUpdate(JsonObject newObj, JsonObject oldObj, ErrorList errors)
    {
        foreach (var field in (string[])["provisioner", "parameters", "reclaimPolicy", "volumeBindingMode"])
        {
            if (!JsonNode.DeepEquals(newObj[field], oldObj[field])) errors.Add(FieldError.Forbidden(field, "updates to " + field + " are forbidden."));
        }
    }
}
