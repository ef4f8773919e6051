using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Quantities;
using Obs.Api.Selectors;

namespace Obs.Api.Validation;

/// <summary>
/// networking.k8s.io/v1 NetworkPolicy, checked as Kubernetes checks it (ValidateNetworkPolicySpec):
/// selectors, ports and port ranges, peers, ipBlock ranges and policy types. Obs stores it but does not
/// enforce it; the apiserver says so in a warning on every write.
/// </summary>
internal static class NetworkPolicyValidation
{
    private static readonly string[] PolicyTypes = ["Ingress", "Egress"];
    private static readonly string[] Protocols = ["TCP", "UDP", "SCTP"];

    public static void Validate(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        const string path = "spec";
        errors.AddRange(LabelSelector.ValidateJson(spec?["podSelector"], path.Child("podSelector")));
        foreach (var (direction, peers) in new[] { ("ingress", "from"), ("egress", "to") })
        {
            foreach (var (rule, rulePath) in errors.Objects(spec, direction, path))
            {
                foreach (var (port, portPath) in errors.Objects(rule, "ports", rulePath)) ValidatePort(port, portPath, errors);
                foreach (var (peer, peerPath) in errors.Objects(rule, peers, rulePath)) ValidatePeer(peer, peerPath, errors);
            }
        }
        var types = errors.Strings(spec, "policyTypes", path);
        if (types.Count > PolicyTypes.Length)
        {
            errors.Add(FieldError.Invalid(path.Child("policyTypes"), Checks.Copy(spec?["policyTypes"]), "may not specify more than two policyTypes"));
            return;
        }
        for (var i = 0; i < types.Count; i++)
        {
            if (!PolicyTypes.Contains(types[i])) errors.Add(FieldError.NotSupported(path.Child("policyTypes").Index(i), types[i], PolicyTypes));
        }
    }

    private static void ValidatePort(JsonObject port, string path, ErrorList errors)
    {
        var protocol = errors.String(port, "protocol", path);
        if (protocol is not null && !Protocols.Contains(protocol)) errors.Add(FieldError.NotSupported(path.Child("protocol"), protocol, Protocols));
        var endPort = errors.Long(port, "endPort", path);
        var number = port["port"] is { } node ? IntOrString.FromJson(node) : null;
        if (number is null)
        {
            if (endPort is not null) errors.Add(FieldError.Invalid(path.Child("endPort"), endPort, "may not be specified when `port` is not specified"));
            return;
        }
        errors.PortNumOrName(port["port"], path.Child("port"));
        if (endPort is null) return;
        if (number.Value.IntValue is not { } start)
        {
            errors.Add(FieldError.Invalid(path.Child("endPort"), endPort, "may not be specified when `port` is non-numeric"));
            return;
        }
        if (endPort < start) errors.Add(FieldError.Invalid(path.Child("endPort"), start, "must be greater than or equal to `port`"));
        foreach (var message in NameFormats.IsValidPortNum(endPort.Value)) errors.Add(FieldError.Invalid(path.Child("endPort"), endPort, message));
    }

    private static void ValidatePeer(JsonObject peer, string path, ErrorList errors)
    {
        var count = 0;
        foreach (var selector in new[] { "podSelector", "namespaceSelector" })
        {
            if (peer[selector] is null) continue;
            count++;
            errors.AddRange(LabelSelector.ValidateJson(peer[selector], path.Child(selector)));
        }
        var ipBlock = errors.Object(peer, "ipBlock", path);
        if (ipBlock is not null)
        {
            count++;
            ValidateIpBlock(ipBlock, path.Child("ipBlock"), errors);
        }
        if (count == 0) errors.Add(FieldError.Required(path, "must specify a peer"));
        else if (count > 1 && ipBlock is not null) errors.Add(FieldError.Forbidden(path, "may not specify both ipBlock and another peer"));
    }

    private static void ValidateIpBlock(JsonObject ipBlock, string path, ErrorList errors)
    {
        var text = errors.String(ipBlock, "cidr", path) ?? "";
        if (text.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("cidr")));
            return;
        }
        if (!Cidr.TryParse(text, out var cidr))
        {
            errors.Add(FieldError.Invalid(path.Child("cidr"), text, Cidr.InvalidMessage));
            return;
        }
        var except = errors.Strings(ipBlock, "except", path);
        for (var i = 0; i < except.Count; i++)
        {
            var exceptPath = path.Child("except").Index(i);
            if (!Cidr.TryParse(except[i], out var inner)) errors.Add(FieldError.Invalid(exceptPath, except[i], Cidr.InvalidMessage));
            else if (!cidr.StrictlyContains(inner)) errors.Add(FieldError.Invalid(exceptPath, except[i], "must be a strict subset of `cidr`"));
        }
    }
}
