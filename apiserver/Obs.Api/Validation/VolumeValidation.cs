using System.Text.Json.Nodes;
using Obs.Api.Errors;

namespace Obs.Api.Validation;

/// <summary>Pod volumes: unique DNS-label names and exactly one source each (<c>ValidateVolumes</c>).</summary>
internal static class VolumeValidation
{
    private static readonly string[] Sources =
    [
        "emptyDir", "hostPath", "gitRepo", "awsElasticBlockStore", "gcePersistentDisk", "secret", "nfs", "iscsi", "glusterfs",
        "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
        "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "projected", "storageos",
        "csi", "ephemeral", "image",
    ];

    /// <summary>Validates the volumes and returns the names of those that are valid (what mounts may refer to).</summary>
    public static HashSet<string> Validate(JsonObject? spec, string path, ErrorList errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (volume, volumePath) in errors.Objects(spec, "volumes", path))
        {
            var found = new ErrorList();
            ValidateSource(volume, volumePath, found);
            var name = found.String(volume, "name", volumePath) ?? "";
            if (name.Length == 0) found.Add(FieldError.Required(volumePath.Child("name")));
            else found.Name(NameFormats.IsDns1123Label(name), volumePath.Child("name"), name);
            if (names.Contains(name)) found.Add(FieldError.Duplicate(volumePath.Child("name"), name));
            if (found.Count == 0) names.Add(name);
            else errors.AddRange(found);
        }
        return names;
    }

    private static void ValidateSource(JsonObject volume, string path, ErrorList errors)
    {
        var count = 0;
        foreach (var kind in Sources)
        {
            if (volume[kind] is null) continue;
            var source = errors.Object(volume, kind, path);
            if (source is null) continue;
            if (count > 0)
            {
                errors.Add(FieldError.Forbidden(path.Child(kind), "may not specify more than 1 volume type"));
                continue;
            }
            count++;
            var sourcePath = path.Child(kind);
            switch (kind)
            {
                case "emptyDir":
                    if (errors.Quantity(source["sizeLimit"], sourcePath.Child("sizeLimit")) is { Sign: < 0 })
                        errors.Add(FieldError.Forbidden(sourcePath.Child("sizeLimit"), "SizeLimit field must be a valid resource quantity"));
                    break;
                case "hostPath":
                    if ((errors.String(source, "path", sourcePath) ?? "").Length == 0) errors.Add(FieldError.Required(sourcePath.Child("path")));
                    break;
                case "configMap":
                    if ((errors.String(source, "name", sourcePath) ?? "").Length == 0) errors.Add(FieldError.Required(sourcePath.Child("name")));
                    ValidateMode(source, sourcePath, errors);
                    ValidateItems(source, sourcePath, errors);
                    break;
                case "secret":
                    if ((errors.String(source, "secretName", sourcePath) ?? "").Length == 0) errors.Add(FieldError.Required(sourcePath.Child("secretName")));
                    ValidateMode(source, sourcePath, errors);
                    ValidateItems(source, sourcePath, errors);
                    break;
                case "persistentVolumeClaim":
                    if ((errors.String(source, "claimName", sourcePath) ?? "").Length == 0) errors.Add(FieldError.Required(sourcePath.Child("claimName")));
                    break;
                case "nfs":
                    if ((errors.String(source, "server", sourcePath) ?? "").Length == 0) errors.Add(FieldError.Required(sourcePath.Child("server")));
                    if ((errors.String(source, "path", sourcePath) ?? "").Length == 0) errors.Add(FieldError.Required(sourcePath.Child("path")));
                    break;
                case "downwardAPI":
                    ValidateMode(source, sourcePath, errors);
                    break;
                case "projected":
                    ValidateMode(source, sourcePath, errors);
                    break;
            }
        }
        if (count == 0) errors.Add(FieldError.Required(path, "must specify a volume type"));
    }

    private static void ValidateMode(JsonObject source, string path, ErrorList errors)
    {
        if (errors.Long(source, "defaultMode", path) is { } mode && mode is < 0 or > 511)
            errors.Add(FieldError.Invalid(path.Child("defaultMode"), mode, "must be a number between 0 and 0777 (octal), both inclusive"));
    }

    private static void ValidateItems(JsonObject source, string path, ErrorList errors)
    {
        foreach (var (item, itemPath) in errors.Objects(source, "items", path))
        {
            var key = errors.String(item, "key", itemPath) ?? "";
            if (key.Length == 0) errors.Add(FieldError.Required(itemPath.Child("key")));
            var target = errors.String(item, "path", itemPath) ?? "";
            if (target.Length == 0) errors.Add(FieldError.Required(itemPath.Child("path")));
            else ContainerValidation.ValidateLocalDescendingPath(target, itemPath.Child("path"), errors);
            if (errors.Long(item, "mode", itemPath) is { } mode && mode is < 0 or > 511)
                errors.Add(FieldError.Invalid(itemPath.Child("mode"), mode, "must be a number between 0 and 0777 (octal), both inclusive"));
        }
    }
}
