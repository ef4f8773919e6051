using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>apps/v1: Deployments, ReplicaSets, StatefulSets, DaemonSets and ControllerRevisions.</summary>
internal static class WorkloadTables
{
    public static readonly TableColumn[] DeploymentColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Ready", "Number of the pod with ready state"),
        CommonColumns.Text("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        CommonColumns.Text("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
        CommonColumns.Selector("Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."),
    ];


    public static readonly TableColumn[] ReplicaSetColumns =
    [
        CommonColumns.Name,
        CommonColumns.Integer("Desired", "Replicas is the number of desired replicas."),
        CommonColumns.Integer("Current", "Replicas is the most recently observed number of replicas."),
        CommonColumns.Integer("Ready", "The number of ready replicas for this replica set."),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
        CommonColumns.Selector("Selector is a label query over pods that should match the replica count."),
    ];


    public static readonly TableColumn[] StatefulSetColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Ready", "Number of the pod with ready state"),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
    ];

    /// <summary>The ReplicaSet's columns; the selector is a plain label map, printed as <c>k=v,…</c>.</summary>
    public static JsonNode?[] ReplicationController(JsonObject obj, DateTimeOffset now)
    {
        var podSpec = obj["spec"]?["template"]?["spec"];
        return
        [
            ObjectCells.Name(obj),
            Cell.Integer(Fields.Integer(obj, "spec", "replicas")),
            Cell.Integer(Fields.Integer(obj, "status", "replicas")),
            Cell.Integer(Fields.Integer(obj, "status", "readyReplicas")),
            ObjectCells.Age(obj, now),
            ObjectCells.ContainerNames(podSpec),
            ObjectCells.ContainerImages(podSpec),
            Cell.Text(Selectors.FormatLabels(obj["spec"]?["selector"])),
        ];
    }

    public static JsonNode?[] StatefulSet(JsonObject obj, DateTimeOffset now)
    {
        var podSpec = obj["spec"]?["template"]?["spec"];
        return
        [
            ObjectCells.Name(obj),
            Cell.Text($"{Fields.Integer(obj, "status", "readyReplicas")}/{Fields.Integer(obj, "spec", "replicas")}"),
            ObjectCells.Age(obj, now),
            ObjectCells.ContainerNames(podSpec),
            ObjectCells.ContainerImages(podSpec),
        ];
    }

    public static readonly TableColumn[] DaemonSetColumns =
    [
        CommonColumns.Name,
        CommonColumns.Integer("Desired", "The total number of nodes that should be running the daemon pod."),
        CommonColumns.Integer("Current", "The number of nodes that are running at least one daemon pod and are supposed to."),
        CommonColumns.Integer("Ready", "The number of nodes that should be running the daemon pod and have one or more of it running and ready."),
        CommonColumns.Integer("Up-to-date", "The total number of nodes that are running the updated daemon pod."),
        CommonColumns.Integer("Available", "The number of nodes that should be running the daemon pod and have one or more of it running and available."),
        CommonColumns.Text("Node Selector", "The node labels a node must carry for the daemon pod to run there."),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
        CommonColumns.Selector("A label query over pods that are managed by the daemon set."),
    ];

    public static JsonNode?[] DaemonSet(JsonObject obj, DateTimeOffset now)
    {
        var podSpec = obj["spec"]?["template"]?["spec"];
        return
        [
            ObjectCells.Name(obj),
            Cell.Integer(Fields.Integer(obj, "status", "desiredNumberScheduled")),
            Cell.Integer(Fields.Integer(obj, "status", "currentNumberScheduled")),
            Cell.Integer(Fields.Integer(obj, "status", "numberReady")),
            Cell.Integer(Fields.Integer(obj, "status", "updatedNumberScheduled")),
            Cell.Integer(Fields.Integer(obj, "status", "numberAvailable")),
            Cell.Text(Selectors.FormatLabels(podSpec?["nodeSelector"])),
            ObjectCells.Age(obj, now),
            ObjectCells.ContainerNames(podSpec),
            ObjectCells.ContainerImages(podSpec),
            Cell.Text(Selectors.FormatSelectorOrNone(obj["spec"]?["selector"])),
        ];
    }

    public static readonly TableColumn[] ControllerRevisionColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Controller", "The controller that owns this revision, as kind.group/name."),
        CommonColumns.Text("Revision", "Revision indicates the revision of the state represented by Data."),
        CommonColumns.Age,
    ];

    public static JsonNode?[] ControllerRevision(JsonObject obj, DateTimeOffset now) =>
    [
        ObjectCells.Name(obj),
        Cell.Text(ControllerName(obj)),
        Cell.Integer(Fields.Integer(obj, "revision")),
        ObjectCells.Age(obj, now),
    ];

    /// <summary>The controlling owner as <c>daemonset.apps/web</c>, or <c>&lt;none&gt;</c>.</summary>
    private static string ControllerName(JsonObject obj)
    {
        var owner = Fields.Items(obj, "metadata", "ownerReferences").FirstOrDefault(o => Fields.Bool(o, "controller"));
        if (owner is null) return "<none>";
        var apiVersion = Fields.Text(owner, "apiVersion");
        var slash = apiVersion.IndexOf('/');
        var group = slash < 0 ? "" : apiVersion[..slash];
        var kind = Fields.Text(owner, "kind");
        var groupKind = group.Length == 0 ? kind : $"{kind}.{group}";
        var name = Fields.Text(owner, "name");
        return groupKind.Length == 0 ? name : $"{groupKind.ToLowerInvariant()}/{name}";
    }
}
