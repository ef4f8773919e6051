using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>Services, Endpoints, EndpointSlices, Ingresses and IngressClasses.</summary>
internal static class NetworkTables
{
    public static readonly TableColumn[] ServiceColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Type", "How the Service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName."),
        CommonColumns.Text("Cluster-IP", "The IP address of the service inside the cluster."),
        CommonColumns.Text("External-IP", "The addresses the service is reachable at from outside the cluster."),
        CommonColumns.Text("Port(s)", "The ports exposed by this service."),
        CommonColumns.Age,
        CommonColumns.Selector("Route service traffic to pods with label keys and values matching this selector."),
    ];

    public static JsonNode?[] Service(JsonObject obj, DateTimeOffset now)
    {
        var spec = obj["spec"];
        var clusterIps = Fields.Strings(spec, "clusterIPs");
        var clusterIp = clusterIps.Count > 0 ? clusterIps[0] : Fields.Text(spec, "clusterIP");
        var ports = string.Join(",", Fields.Items(spec, "ports").Select(port =>
        {
            var number = Fields.Integer(port, "port");
            var nodePort = Fields.Integer(port, "nodePort");
            var protocol = Fields.Text(port, "protocol");
            return nodePort > 0 ? $"{number}:{nodePort}/{protocol}" : $"{number}/{protocol}";
        }));
        return
        [
            ObjectCells.Name(obj),
            Cell.Text(Fields.Text(spec, "type")),
            Cell.Text(clusterIp.Length == 0 ? "<none>" : clusterIp),
            Cell.Text(ExternalIp(obj)),
            Cell.Text(ports.Length == 0 ? "<none>" : ports),
            ObjectCells.Age(obj, now),
            Cell.Text(Selectors.FormatLabels(spec?["selector"])),
        ];
    }

    private static string ExternalIp(JsonObject service)
    {
        var externalIps = Fields.Strings(service, "spec", "externalIPs");
        switch (Fields.Text(service, "spec", "type"))
        {
            case "ClusterIP" or "NodePort":
                return externalIps.Count > 0 ? string.Join(",", externalIps) : "<none>";
            case "LoadBalancer":
                var ingress = LoadBalancerAddresses(service["status"]?["loadBalancer"]);
                var all = ingress.Concat(externalIps).ToList();
                return all.Count > 0 ? string.Join(",", all) : "<pending>";
            case "ExternalName":
                return Fields.Text(service, "spec", "externalName");
            default:
                return "<unknown>";
        }
    }

    /// <summary>A load balancer's ingress points (each IP, or its hostname when it has no IP), distinct and sorted.</summary>
    private static List<string> LoadBalancerAddresses(JsonNode? loadBalancer) =>
        Fields.Items(loadBalancer, "ingress")
            .Select(i => Fields.Text(i, "ip") is { Length: > 0 } ip ? ip : Fields.Text(i, "hostname"))
            .Where(a => a.Length > 0)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    public static readonly TableColumn[] EndpointsColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Endpoints", "The set of all endpoints is the union of all subsets."),
        CommonColumns.Age,
    ];

    public static JsonNode?[] Endpoints(JsonObject obj, DateTimeOffset now) =>
    [
        ObjectCells.Name(obj),
        Cell.Text(FormatEndpoints(obj)),
        ObjectCells.Age(obj, now),
    ];

    /// <summary>Ready addresses as <c>ip:port</c> for every port, the first three shown then <c>+ N more...</c>.</summary>
    private static string FormatEndpoints(JsonObject endpoints)
    {
        var subsets = Fields.Items(endpoints, "subsets");
        if (subsets.Count == 0) return "<none>";
        const int max = 3;
        var list = new List<string>();
        var more = false;
        var count = 0;
        foreach (var subset in subsets)
        {
            var addresses = Fields.Items(subset, "addresses").Select(a => Fields.Text(a, "ip")).ToList();
            var ports = Fields.Items(subset, "ports");
            if (ports.Count == 0)
            {
                // Headless services may have no ports: list the bare addresses.
                count += addresses.Count;
                foreach (var ip in addresses)
                {
                    if (list.Count == max) { more = true; break; }
                    list.Add(ip);
                }
                continue;
            }
            foreach (var port in ports)
            {
                count += addresses.Count;
                foreach (var ip in addresses)
                {
                    if (list.Count == max) { more = true; break; }
                    list.Add(HostPort(ip, Fields.Integer(port, "port")));
                }
            }
        }
        var text = string.Join(",", list);
        return more ? $"{text} + {count - max} more..." : text;
    }

    private static string HostPort(string ip, long port) => ip.Contains(':') ? $"[{ip}]:{port}" : $"{ip}:{port}";

    public static readonly TableColumn[] EndpointSliceColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("AddressType", "The type of address carried by this EndpointSlice."),
        CommonColumns.Text("Ports", "Network ports exposed by each endpoint in this slice."),
        CommonColumns.Text("Endpoints", "The addresses of the endpoints in this slice."),
        CommonColumns.Age,
    ];

    public static JsonNode?[] EndpointSlice(JsonObject obj, DateTimeOffset now)
    {
        var ports = Fields.Items(obj, "ports").Select(p =>
            Fields.OptionalInteger(p, "port") is { } number ? number.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : p["name"] is not null ? Fields.Text(p, "name")
            : "*");
        var addresses = Fields.Items(obj, "endpoints").SelectMany(e => Fields.Strings(e, "addresses"));
        return
        [
            ObjectCells.Name(obj),
            Cell.Text(Fields.Text(obj, "addressType")),
            Cell.Text(FirstThree(ports.ToList())),
            Cell.Text(FirstThree(addresses.ToList())),
            ObjectCells.Age(obj, now),
        ];
    }

    /// <summary><c>a,b,c + 2 more...</c>, or <c>&lt;unset&gt;</c> for an empty list.</summary>
    private static string FirstThree(IReadOnlyList<string> items)
    {
        const int max = 3;
        if (items.Count == 0) return "<unset>";
        var text = string.Join(",", items.Take(max));
        return items.Count > max ? $"{text} + {items.Count - max} more..." : text;
    }

    public static readonly TableColumn[] IngressColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Class", "The name of the IngressClass resource that handles this ingress."),
        CommonColumns.Text("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
        CommonColumns.Text("Address", "Address is a list containing ingress points for the load-balancer"),
        CommonColumns.Text("Ports", "Ports of TLS configurations that open"),
        CommonColumns.Age,
    ];

    public static JsonNode?[] Ingress(JsonObject obj, DateTimeOffset now)
    {
        var className = obj["spec"]?["ingressClassName"] is not null ? Fields.Text(obj, "spec", "ingressClassName") : "<none>";
        return
        [
            ObjectCells.Name(obj),
            Cell.Text(className),
            Cell.Text(IngressHosts(Fields.Items(obj, "spec", "rules"))),
            Cell.Text(string.Join(",", LoadBalancerAddresses(obj["status"]?["loadBalancer"]))),
            Cell.Text(Fields.Items(obj, "spec", "tls").Count > 0 ? "80, 443" : "80"),
            ObjectCells.Age(obj, now),
        ];
    }

    /// <summary>The rules' hosts, first three then <c>+ N more...</c> (counting every rule); <c>*</c> when none names a host.</summary>
    private static string IngressHosts(IReadOnlyList<JsonObject> rules)
    {
        const int max = 3;
        var hosts = new List<string>();
        var more = false;
        foreach (var rule in rules)
        {
            if (hosts.Count == max) more = true;
            var host = Fields.Text(rule, "host");
            if (!more && host.Length > 0) hosts.Add(host);
        }
        if (hosts.Count == 0) return "*";
        var text = string.Join(",", hosts);
        return more ? $"{text} + {rules.Count - max} more..." : text;
    }

    public static readonly TableColumn[] IngressClassColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Controller", "Controller that is responsible for handling this class"),
        CommonColumns.Text("Parameters", "A reference to a resource with additional parameters"),
        CommonColumns.Age,
    ];

    public static JsonNode?[] IngressClass(JsonObject obj, DateTimeOffset now)
    {
        var parameters = "<none>";
        if (obj["spec"]?["parameters"] is JsonObject p)
        {
            parameters = Fields.Text(p, "kind");
            if (p["apiGroup"] is not null) parameters += "." + Fields.Text(p, "apiGroup");
            parameters += "/" + Fields.Text(p, "name");
        }
        return
        [
            ObjectCells.Name(obj),
            Cell.Text(Fields.Text(obj, "spec", "controller")),
            Cell.Text(parameters),
            ObjectCells.Age(obj, now),
        ];
    }
}
