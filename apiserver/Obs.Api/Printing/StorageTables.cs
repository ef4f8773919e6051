using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>PersistentVolumes, PersistentVolumeClaims and StorageClasses.</summary>
internal static class StorageTables
{
    private const string StorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    public static readonly TableColumn[] VolumeColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Capacity", "The storage capacity of the volume."),
        CommonColumns.Text("Access Modes", "All ways the volume can be mounted."),
        CommonColumns.Text("Reclaim Policy", "What happens to the volume when released from its claim."),
        CommonColumns.Text("Status", "Phase indicates if a volume is available, bound to a claim, or released by a claim."),
        CommonColumns.Text("Claim", "The claim bound to this volume, as namespace/name."),
        CommonColumns.Text("StorageClass", "The name of the StorageClass to which this volume belongs."),
        CommonColumns.Text("VolumeAttributesClass", "The name of the VolumeAttributesClass to which this volume belongs."),
        CommonColumns.Text("Reason", "A brief CamelCase string that describes any failure."),
        CommonColumns.Age,
        CommonColumns.Text("VolumeMode", "Whether the volume is to be used with a formatted filesystem or to remain in raw block state.", 1),
    ];

    public static JsonNode?[] Volume(JsonObject obj, DateTimeOffset now)
    {
        var spec = obj["spec"];
        var claim = spec?["claimRef"] is JsonObject claimRef ? $"{Fields.Text(claimRef, "namespace")}/{Fields.Text(claimRef, "name")}" : "";
        return
        [
            ObjectCells.Name(obj),
            Cell.Text(Quantity(spec?["capacity"]?["storage"])),
            Cell.Text(AccessModes(Fields.Strings(spec, "accessModes"))),
            Cell.Text(Fields.Text(spec, "persistentVolumeReclaimPolicy")),
            Cell.Text(Phase(obj)),
            Cell.Text(claim),
            Cell.Text(StorageClass(obj)),
            Cell.Text(spec?["volumeAttributesClassName"] is not null ? Fields.Text(spec, "volumeAttributesClassName") : "<unset>"),
            Cell.Text(Fields.Text(obj, "status", "reason")),
            ObjectCells.Age(obj, now),
            Cell.Text(spec?["volumeMode"] is not null ? Fields.Text(spec, "volumeMode") : "<unset>"),
        ];
    }

    public static readonly TableColumn[] ClaimColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Status", "Phase represents the current phase of PersistentVolumeClaim."),
        CommonColumns.Text("Volume", "The binding reference to the PersistentVolume backing this claim."),
        CommonColumns.Text("Capacity", "The actual resources of the underlying volume."),
        CommonColumns.Text("Access Modes", "The actual access modes the volume backing the PVC has."),
        CommonColumns.Text("StorageClass", "The name of the StorageClass required by the claim."),
        CommonColumns.Text("VolumeAttributesClass", "The name of the VolumeAttributesClass used by this claim."),
        CommonColumns.Age,
        CommonColumns.Text("VolumeMode", "Whether the volume is intended for a formatted filesystem or a raw block device.", 1),
    ];

    public static JsonNode?[] Claim(JsonObject obj, DateTimeOffset now)
    {
        var spec = obj["spec"];
        var volumeName = Fields.Text(spec, "volumeName");
        // Capacity and modes are the bound volume's; until bound there are none to show.
        var capacity = volumeName.Length > 0 ? Quantity(obj["status"]?["capacity"]?["storage"]) : "";
        var modes = volumeName.Length > 0 ? AccessModes(Fields.Strings(obj, "status", "accessModes")) : "";
        return
        [
            ObjectCells.Name(obj),
            Cell.Text(Phase(obj)),
            Cell.Text(volumeName),
            Cell.Text(capacity),
            Cell.Text(modes),
            Cell.Text(StorageClass(obj)),
            Cell.Text(spec?["volumeAttributesClassName"] is not null ? Fields.Text(spec, "volumeAttributesClassName") : "<unset>"),
            ObjectCells.Age(obj, now),
            Cell.Text(spec?["volumeMode"] is not null ? Fields.Text(spec, "volumeMode") : "<unset>"),
        ];
    }

    public static readonly TableColumn[] ClassColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Provisioner", "Indicates the type of the provisioner."),
        CommonColumns.Text("ReclaimPolicy", "Indicates the type of the reclaim policy."),
        CommonColumns.Text("VolumeBindingMode", "Indicates how PersistentVolumeClaims should be provisioned and bound."),
        new("AllowVolumeExpansion", "boolean", "", "Indicates whether the storage class allow volume expand."),
        CommonColumns.Age,
    ];

    /// <summary>The default class's name carries " (default)", as kubectl shows it.</summary>
    public static JsonNode?[] Class(JsonObject obj, DateTimeOffset now)
    {
        var name = Fields.Text(obj, "metadata", "name");
        if (Objects.ObjectMeta.Annotations(obj).Any(a => a.Key is "storageclass.kubernetes.io/is-default-class" or "storageclass.beta.kubernetes.io/is-default-class" && a.Value == "true"))
            name += " (default)";
        return
        [
            Cell.Text(name),
            Cell.Text(Fields.Text(obj, "provisioner")),
            Cell.Text(obj["reclaimPolicy"] is not null ? Fields.Text(obj, "reclaimPolicy") : "Delete"),
            Cell.Text(obj["volumeBindingMode"] is not null ? Fields.Text(obj, "volumeBindingMode") : "Immediate"),
            JsonValue.Create(obj["allowVolumeExpansion"] is JsonValue v && v.TryGetValue<bool>(out var expand) && expand),
            ObjectCells.Age(obj, now),
        ];
    }

    private static string Phase(JsonObject obj) =>
        Fields.Text(obj, "metadata", "deletionTimestamp").Length > 0 ? "Terminating" : Fields.Text(obj, "status", "phase");

    /// <summary>The beta annotation wins over <c>spec.storageClassName</c>, as it does for the volume binder.</summary>
    private static string StorageClass(JsonObject obj) =>
        Objects.ObjectMeta.Annotations(obj).FirstOrDefault(a => a.Key == StorageClassAnnotation).Value
        ?? Fields.Text(obj, "spec", "storageClassName");

    /// <summary>The modes abbreviated and in a fixed order: RWO, ROX, RWX, RWOP.</summary>
    private static string AccessModes(IReadOnlyList<string> modes)
    {
        var result = new List<string>();
        if (modes.Contains("ReadWriteOnce")) result.Add("RWO");
        if (modes.Contains("ReadOnlyMany")) result.Add("ROX");
        if (modes.Contains("ReadWriteMany")) result.Add("RWX");
        if (modes.Contains("ReadWriteOncePod")) result.Add("RWOP");
        return string.Join(",", result);
    }

    /// <summary>A quantity as stored (<c>1Gi</c>); a missing one prints as Go's zero quantity, <c>0</c>.</summary>
    internal static string Quantity(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => "0",
    };
}
