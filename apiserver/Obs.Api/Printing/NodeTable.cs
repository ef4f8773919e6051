using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary><c>kubectl get nodes</c>: Ready/NotReady/Unknown plus SchedulingDisabled, roles from the node-role labels.</summary>
internal static class NodeTable
{
    public static readonly TableColumn[] Columns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Status", "The status of the node"),
        CommonColumns.Text("Roles", "The roles of the node"),
        CommonColumns.Age,
        CommonColumns.Text("Version", "Kubelet Version reported by the node."),
        CommonColumns.Text("Internal-IP", "List of addresses reachable to the node.", 1),
        CommonColumns.Text("External-IP", "List of addresses reachable to the node.", 1),
        CommonColumns.Text("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
        CommonColumns.Text("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
        CommonColumns.Text("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
    ];

    private const string RolePrefix = "node-role.kubernetes.io/";

    public static JsonNode?[] Cells(JsonObject node, DateTimeOffset now)
    {
        var status = new List<string>();
        // Only the Ready condition speaks for the node; the pressure conditions show in describe.
        if (Fields.Items(node, "status", "conditions").LastOrDefault(c => Fields.Text(c, "type") == "Ready") is { } ready)
        {
            status.Add(Fields.Text(ready, "status") == "True" ? "Ready" : "NotReady");
        }
        if (status.Count == 0) status.Add("Unknown");
        if (Fields.Bool(node, "spec", "unschedulable")) status.Add("SchedulingDisabled");

        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in Objects.ObjectMeta.Labels(node))
        {
            if (key.StartsWith(RolePrefix, StringComparison.Ordinal) && key.Length > RolePrefix.Length) roles.Add(key[RolePrefix.Length..]);
            else if (key == "kubernetes.io/role" && value.Length > 0) roles.Add(value);
        }

        var info = node["status"]?["nodeInfo"];
        return
        [
            ObjectCells.Name(node),
            Cell.Text(string.Join(",", status)),
            Cell.Text(roles.Count == 0 ? "<none>" : string.Join(",", roles)),
            ObjectCells.Age(node, now),
            Cell.Text(Fields.Text(info, "kubeletVersion")),
            Cell.Text(Address(node, "InternalIP")),
            Cell.Text(Address(node, "ExternalIP")),
            Cell.Text(UnknownIfEmpty(Fields.Text(info, "osImage"))),
            Cell.Text(UnknownIfEmpty(Fields.Text(info, "kernelVersion"))),
            Cell.Text(UnknownIfEmpty(Fields.Text(info, "containerRuntimeVersion"))),
        ];
    }

    private static string Address(JsonObject node, string type) =>
        Fields.Items(node, "status", "addresses").FirstOrDefault(a => Fields.Text(a, "type") == type) is { } address
            ? Fields.Text(address, "address")
            : "<none>";

    private static string UnknownIfEmpty(string value) => value.Length == 0 ? "<unknown>" : value;
}
