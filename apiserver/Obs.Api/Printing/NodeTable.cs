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

}
