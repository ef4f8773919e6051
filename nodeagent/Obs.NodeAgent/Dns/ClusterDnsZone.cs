using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;

namespace Obs.NodeAgent.Dns;

/// <summary>
/// Answers questions about names in the cluster domain from the informers' caches, following the
/// Kubernetes DNS specification: services, headless endpoints, SRV for named ports, ExternalName
/// CNAMEs and verified pod names. Names that do not exist get NXDOMAIN and names that exist without
/// records of the asked type get NOERROR; both carry the zone's SOA so resolvers cache the answer
/// for the TTL, which keeps walking the search path cheap.
/// </summary>
public sealed class ClusterDnsZone
{
    private readonly Lister _services;
    private readonly Lister _slices;
    private readonly Lister _pods;
    private readonly string _zone;
    private readonly uint _ttl;
    private readonly IPAddress _serverAddress;
    private readonly DnsRecord _soa;

    public ClusterDnsZone(Lister services, Lister endpointSlices, Lister pods, ClusterDnsOptions options, uint serial)
    {
        _services = services;
        _slices = endpointSlices;
        _pods = pods;
        _zone = DnsName.Normalize(options.Zone);
        _ttl = (uint)Math.Max(0, options.Ttl.TotalSeconds);
        _serverAddress = options.Address;
        _soa = new DnsRecord(_zone, DnsType.SOA, _ttl,
            new AuthorityData($"ns.dns.{_zone}", $"hostmaster.{_zone}", serial, 7200, 1800, 86400, _ttl));
    }

    /// <summary>
    /// The informers the zone reads (every Service, EndpointSlice and Pod), with the indexes it needs,
    /// from a factory the caller starts; a factory shared with the service proxy shares their caches.
    /// </summary>
    public static ClusterDnsZone FromInformers(InformerFactory informers, ClusterDnsOptions options, uint serial)
    {
        var services = informers.For(ResourceTypes.Service, new InformerOptions
        {
            Indexers = new Dictionary<string, Func<JsonObject, IEnumerable<string>>> { [ClusterDnsIndexers.ServiceClusterIp] = ClusterDnsIndexers.ByServiceClusterIp },
        });
        var slices = informers.For(ResourceTypes.EndpointSlice, new InformerOptions
        {
            Indexers = new Dictionary<string, Func<JsonObject, IEnumerable<string>>>
            {
                [ClusterDnsIndexers.SliceService] = ClusterDnsIndexers.BySliceService,
                [ClusterDnsIndexers.SliceAddress] = ClusterDnsIndexers.BySliceAddress,
            },
        });
        var pods = informers.For(ResourceTypes.Pod, new InformerOptions
        {
            Indexers = new Dictionary<string, Func<JsonObject, IEnumerable<string>>> { [ClusterDnsIndexers.PodAddress] = ClusterDnsIndexers.ByPodAddress },
        });
        return new ClusterDnsZone(services.Lister, slices.Lister, pods.Lister, options, serial);
    }

    public string Zone => _zone;

    /// <summary>True for the zone's apex and every name under it.</summary>
    public bool Contains(string name)
    {
        var n = DnsName.Normalize(name);
        return n == _zone || n.EndsWith("." + _zone, StringComparison.Ordinal);
    }

    public DnsAnswer Resolve(DnsQuestion question)
    {
        if (question.Class is not (DnsClass.Internet or DnsClass.Any)) return DnsAnswer.Of(DnsResponseCode.Refused);
        var name = DnsName.Normalize(question.Name);
        var relative = name == _zone ? "" : name[..^(_zone.Length + 1)];
        string[] labels = relative.Length == 0 ? [] : relative.Split('.');
        return labels switch
        {
            [] => Apex(question),
            [.., "svc"] => ServiceNames(question, labels[..^1]),
            [.., "pod"] => PodNames(question, labels[..^1]),
            _ => NoSuchName(),
        };
    }

    private DnsAnswer Apex(DnsQuestion question) => question.Type switch
    {
        DnsType.SOA => new DnsAnswer(DnsResponseCode.NoError, [_soa with { Name = question.Name }], [], []),
        DnsType.NS => _serverAddress.AddressFamily == AddressFamily.InterNetwork
            ? new DnsAnswer(DnsResponseCode.NoError, [new DnsRecord(question.Name, DnsType.NS, _ttl, new NameData($"ns.dns.{_zone}"))], [],
                [new DnsRecord($"ns.dns.{_zone}", DnsType.A, _ttl, new AddressData(_serverAddress))])
            : new DnsAnswer(DnsResponseCode.NoError, [new DnsRecord(question.Name, DnsType.NS, _ttl, new NameData($"ns.dns.{_zone}"))], [], []),
        _ => NoData(),
    };

    /// <summary>
    /// PTR for an IPv4 address in in-addr.arpa: a service's cluster IP names the service, a ready
    /// endpoint of a headless service names the endpoint (hostname or dashed address). False for
    /// any other address or type, which then goes upstream, as CoreDNS's fallthrough does.
    /// </summary>
    public bool TryResolveReverse(DnsQuestion question, out DnsAnswer answer)
    {
        answer = DnsAnswer.Of(DnsResponseCode.NoError);
        const string suffix = ".in-addr.arpa";
        var name = DnsName.Normalize(question.Name);
        if (question.Type != DnsType.PTR || !name.EndsWith(suffix, StringComparison.Ordinal)) return false;
        var labels = name[..^suffix.Length].Split('.');
        if (labels.Length != 4 || labels.Any(l => !byte.TryParse(l, out var b) || b.ToString(System.Globalization.CultureInfo.InvariantCulture) != l)) return false;
        var ip = string.Join('.', labels.Reverse());
        var targets = _services.ByIndex(ClusterDnsIndexers.ServiceClusterIp, ip)
            .Select(svc => $"{ObjectMeta.Name(svc)}.{ObjectMeta.Namespace(svc)}.svc.{_zone}")
            .ToList();
        if (targets.Count == 0)
        {
            foreach (var slice in _slices.ByIndex(ClusterDnsIndexers.SliceAddress, ip))
            {
                if (ObjectMeta.Label(slice, ClusterDnsIndexers.ServiceNameLabel) is not { } svcName
                    || _services.Get(ObjectMeta.Namespace(slice), svcName) is not { } svc || !IsHeadless(svc)) continue;
                targets.AddRange(ReadyEndpoints(svc).Where(e => e.Address.ToString() == ip)
                    .Select(e => $"{e.Label}.{svcName}.{ObjectMeta.Namespace(svc)}.svc.{_zone}"));
            }
        }
        targets = [.. targets.Distinct().Order(StringComparer.Ordinal)];
        if (targets.Count == 0) return false;
        answer = new DnsAnswer(DnsResponseCode.NoError, [.. targets.Select(t => new DnsRecord(question.Name, DnsType.PTR, _ttl, new NameData(t)))], [], []);
        return true;
    }

    /// <summary>Labels before "svc": [] (svc.zone), [ns], [service, ns], [endpoint, service, ns], [_port, _proto, service, ns].</summary>
    private DnsAnswer ServiceNames(DnsQuestion question, string[] labels)
    {
        switch (labels)
        {
            case []:
                return NoData();
            case [var ns]:
                return _services.List(ns).Count > 0 ? NoData() : NoSuchName();
            case [var svcName, var ns]:
                return _services.Get(ns, svcName) is { } svc ? Service(question, svc) : NoSuchName();
            case [var proto, var svcName, var ns] when proto.StartsWith('_'):
                return _services.Get(ns, svcName) is { } withProto && Ports(withProto).Any(p => Protocol(p) == proto[1..]) ? NoData() : NoSuchName();
            case [var endpoint, var svcName, var ns]:
                return _services.Get(ns, svcName) is { } headless && IsHeadless(headless) ? Endpoint(question, headless, endpoint) : NoSuchName();
            case [var port, var proto, var svcName, var ns] when port.StartsWith('_') && proto.StartsWith('_'):
                return _services.Get(ns, svcName) is { } named ? NamedPort(question, named, port[1..], proto[1..]) : NoSuchName();
            default:
                return NoSuchName();
        }
    }

    private DnsAnswer Service(DnsQuestion question, JsonObject svc)
    {
        if (svc.StringAt("spec", "type") == "ExternalName")
        {
            var target = svc.StringAt("spec", "externalName");
            if (string.IsNullOrEmpty(target)) return NoData();
            return new DnsAnswer(DnsResponseCode.NoError, [new DnsRecord(question.Name, DnsType.CNAME, _ttl, new NameData(DnsName.Normalize(target)))], [], []);
        }
        if (question.Type == DnsType.SRV) return Srv(svc, Ports(svc));
        var addresses = IsHeadless(svc)
            ? ReadyEndpoints(svc).Select(e => e.Address)
            : ClusterIps(svc);
        return AddressAnswer(question, addresses.Distinct());
    }

    private DnsAnswer Endpoint(DnsQuestion question, JsonObject svc, string label)
    {
        var matching = ReadyEndpoints(svc).Where(e => e.Label == label).Select(e => e.Address).Distinct().ToList();
        return matching.Count == 0 ? NoSuchName() : AddressAnswer(question, matching);
    }

    private DnsAnswer NamedPort(DnsQuestion question, JsonObject svc, string portName, string protocol)
    {
        var ports = Ports(svc).Where(p => string.Equals(p.StringAt("name"), portName, StringComparison.OrdinalIgnoreCase) && Protocol(p) == protocol).ToList();
        if (ports.Count == 0) return NoSuchName();
        return question.Type is DnsType.SRV or DnsType.ANY ? Srv(svc, ports, question.Name) : NoData();
    }

    /// <summary>
    /// SRV records for the given service ports: one pointing at the service's own name (port = the
    /// service port) for a ClusterIP service; one per ready endpoint (port = the endpoint's port) for a
    /// headless one. The targets' A records go in the additional section.
    /// </summary>
    private DnsAnswer Srv(JsonObject svc, List<JsonObject> ports, string? owner = null)
    {
        var svcName = $"{ObjectMeta.Name(svc)}.{ObjectMeta.Namespace(svc)}.svc.{_zone}";
        owner ??= svcName;
        var answers = new List<DnsRecord>();
        var additional = new List<DnsRecord>();
        if (IsHeadless(svc))
        {
            var endpoints = ReadyEndpoints(svc);
            var targets = new List<(string Target, ushort Port, IPAddress Address)>();
            foreach (var port in ports)
            {
                foreach (var endpoint in endpoints)
                {
                    if (endpoint.Ports.FirstOrDefault(p => p.StringAt("name") == port.StringAt("name") && Protocol(p) == Protocol(port)) is not { } endpointPort) continue;
                    targets.Add(($"{endpoint.Label}.{svcName}", (ushort)(endpointPort.LongAt("port") ?? 0), endpoint.Address));
                }
            }
            targets = [.. targets.Distinct()];
            var weight = (ushort)Math.Max(1, 100 / Math.Max(1, targets.Count));
            foreach (var (target, port, address) in targets)
            {
                answers.Add(new DnsRecord(owner, DnsType.SRV, _ttl, new ServiceData(0, weight, port, target)));
                if (!additional.Any(r => r.Name == target)) additional.Add(AddressRecord(target, address));
            }
        }
        else
        {
            foreach (var port in ports)
                answers.Add(new DnsRecord(owner, DnsType.SRV, _ttl, new ServiceData(0, 100, (ushort)(port.LongAt("port") ?? 0), svcName)));
            additional.AddRange(ClusterIps(svc).Select(ip => AddressRecord(svcName, ip)));
        }
        return answers.Count == 0 ? NoData() : new DnsAnswer(DnsResponseCode.NoError, answers, [], additional);
    }

    /// <summary>Labels before "pod": [], [ns], [a-b-c-d, ns].</summary>
    private DnsAnswer PodNames(DnsQuestion question, string[] labels)
    {
        switch (labels)
        {
            case []:
                return NoData();
            case [var ns]:
                return _pods.List(ns).Count > 0 ? NoData() : NoSuchName();
            case [var dashed, var ns]:
                if (!IPAddress.TryParse(dashed.Replace('-', '.'), out var ip) || ip.AddressFamily != AddressFamily.InterNetwork || ip.ToString() != dashed.Replace('-', '.'))
                    return NoSuchName();
                return _pods.ByIndex(ClusterDnsIndexers.PodAddress, $"{ns}/{ip}").Count > 0 ? AddressAnswer(question, [ip]) : NoSuchName();
            default:
                return NoSuchName();
        }
    }

    private DnsAnswer AddressAnswer(DnsQuestion question, IEnumerable<IPAddress> addresses)
    {
        var type = question.Type;
        var records = addresses
            .Where(a => type == DnsType.ANY
                || (type == DnsType.A && a.AddressFamily == AddressFamily.InterNetwork)
                || (type == DnsType.AAAA && a.AddressFamily == AddressFamily.InterNetworkV6))
            .Select(a => AddressRecord(question.Name, a))
            .ToList();
        return records.Count == 0 ? NoData() : new DnsAnswer(DnsResponseCode.NoError, records, [], []);
    }

    private DnsRecord AddressRecord(string name, IPAddress address) =>
        new(name, address.AddressFamily == AddressFamily.InterNetworkV6 ? DnsType.AAAA : DnsType.A, _ttl, new AddressData(address));

    private DnsAnswer NoData() => new(DnsResponseCode.NoError, [], [_soa], []);

    private DnsAnswer NoSuchName() => new(DnsResponseCode.NXDomain, [], [_soa], []);

    private static bool IsHeadless(JsonObject svc) => svc.StringAt("spec", "clusterIP") == "None";

    private static List<JsonObject> Ports(JsonObject svc) => (svc.At("spec", "ports") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];

    private static string Protocol(JsonNode port) => (port.StringAt("protocol") ?? "TCP").ToLowerInvariant();

    private static IEnumerable<IPAddress> ClusterIps(JsonObject svc)
    {
        var ips = (svc.At("spec", "clusterIPs") as JsonArray)?.Select(n => n?.GetValue<string>()).ToList() ?? [];
        if (ips.Count == 0) ips.Add(svc.StringAt("spec", "clusterIP"));
        foreach (var ip in ips)
        {
            if (IPAddress.TryParse(ip, out var address)) yield return address;
        }
    }

    /// <summary>Ready endpoints of the service's slices; a missing ready condition means ready (EndpointConditions).</summary>
    private List<ReadyEndpoint> ReadyEndpoints(JsonObject svc)
    {
        var endpoints = new List<ReadyEndpoint>();
        foreach (var slice in _slices.ByIndex(ClusterDnsIndexers.SliceService, $"{ObjectMeta.Namespace(svc)}/{ObjectMeta.Name(svc)}"))
        {
            var ports = (slice["ports"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            foreach (var endpoint in (slice["endpoints"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (endpoint.BoolAt("conditions", "ready") == false) continue;
                var hostname = endpoint.StringAt("hostname");
                foreach (var address in (endpoint["addresses"] as JsonArray)?.Select(a => a?.GetValue<string>()) ?? [])
                {
                    if (!IPAddress.TryParse(address, out var ip)) continue;
                    var label = string.IsNullOrEmpty(hostname) ? ip.ToString().Replace('.', '-').Replace(':', '-') : hostname.ToLowerInvariant();
                    endpoints.Add(new ReadyEndpoint(label, ip, ports));
                }
            }
        }
        // In address order (10.0.0.2 before 10.0.0.10), so answers are stable and read naturally.
        return [.. endpoints.OrderBy(e => Convert.ToHexString(e.Address.GetAddressBytes()), StringComparer.Ordinal)];
    }

    private sealed record ReadyEndpoint(string Label, IPAddress Address, List<JsonObject> Ports);
}
