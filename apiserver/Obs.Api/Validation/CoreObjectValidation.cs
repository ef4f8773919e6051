using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;

namespace Obs.Api.Validation;

/// <summary>core/v1 Namespace, Node, Endpoints and discovery/v1 EndpointSlice.</summary>
internal static class CoreObjectValidation
{
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    public static void ValidateNamespace(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        foreach (var finalizer in errors.Strings(spec, "finalizers", "spec"))
        {
            // Unqualified names are reserved for Kubernetes' own ("kubernetes").
            if (!finalizer.Contains('/') && finalizer != "kubernetes")
                errors.Add(FieldError.Invalid("spec.finalizers", finalizer, "name is neither a standard finalizer name nor is it fully qualified"));
            else errors.Name(NameFormats.IsQualifiedName(finalizer), "spec.finalizers", finalizer);
        }
        var status = errors.Object(obj, "status", "");
        errors.OneOf(status, "phase", "status", "Active", "Terminating");
    }

    public static void ValidateNode(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        const string path = "spec";
        errors.Bool(spec, "unschedulable", path);
        var podCidr = errors.String(spec, "podCIDR", path) ?? "";
        if (podCidr.Length > 0 && !IsCidr(podCidr))
            errors.Add(FieldError.Invalid(path.Child("podCIDR"), podCidr, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
        var seen = new HashSet<(string, string)>();
        foreach (var (taint, taintPath) in errors.Objects(spec, "taints", path))
        {
            var key = errors.String(taint, "key", taintPath) ?? "";
            if (key.Length == 0) errors.Add(FieldError.Required(taintPath.Child("key")));
            else errors.Name(NameFormats.IsQualifiedName(key), taintPath.Child("key"), key);
            var value = errors.String(taint, "value", taintPath) ?? "";
            errors.Name(NameFormats.IsValidLabelValue(value), taintPath.Child("value"), value);
            var effect = errors.String(taint, "effect", taintPath) ?? "";
            if (effect.Length == 0) errors.Add(FieldError.Required(taintPath.Child("effect")));
            else if (!WellKnownTaints.Effects.Contains(effect)) errors.Add(FieldError.NotSupported(taintPath.Child("effect"), effect, WellKnownTaints.Effects));
            if (!seen.Add((key, effect)))
                errors.Add(FieldError.Duplicate(taintPath, Checks.Copy(taint)));
        }
    }

    public static void ValidateEndpoints(JsonObject obj, ErrorList errors)
    {
        foreach (var (subset, subsetPath) in errors.Objects(obj, "subsets", ""))
        {
            var addresses = errors.Objects(subset, "addresses", subsetPath);
            var notReady = errors.Objects(subset, "notReadyAddresses", subsetPath);
            var ports = errors.Objects(subset, "ports", subsetPath);
            if (addresses.Count == 0 && notReady.Count == 0)
                errors.Add(FieldError.Required(subsetPath, "must specify `addresses` or `notReadyAddresses`"));
            foreach (var (address, addressPath) in addresses.Concat(notReady))
            {
                // Loopback addresses stay allowed: Obs runs pods as local processes, so endpoints are often 127.0.0.1.
                var ip = errors.String(address, "ip", addressPath) ?? "";
                foreach (var message in NameFormats.IsValidIp(ip)) errors.Add(FieldError.Invalid(addressPath.Child("ip"), ip, message));
                var hostname = errors.String(address, "hostname", addressPath) ?? "";
                if (hostname.Length > 0) errors.Name(NameFormats.IsDns1123Label(hostname), addressPath.Child("hostname"), hostname);
                var nodeName = errors.String(address, "nodeName", addressPath) ?? "";
                if (nodeName.Length > 0) errors.Name(NameFormats.IsDns1123Subdomain(nodeName), addressPath.Child("nodeName"), nodeName);
            }
            foreach (var (port, portPath) in ports)
            {
                var name = errors.String(port, "name", portPath) ?? "";
                if (ports.Count > 1 && name.Length == 0) errors.Add(FieldError.Required(portPath.Child("name")));
                else if (name.Length > 0) errors.Name(NameFormats.IsDns1123Label(name), portPath.Child("name"), name);
                var number = errors.Long(port, "port", portPath) ?? 0;
                foreach (var message in NameFormats.IsValidPortNum(number)) errors.Add(FieldError.Invalid(portPath.Child("port"), number, message));
                errors.OneOf(port, "protocol", portPath, Protocols);
            }
        }
    }

    public static void ValidateEndpointSlice(JsonObject obj, ErrorList errors)
    {
        var addressType = errors.String(obj, "addressType", "") ?? "";
        if (addressType.Length == 0) errors.Add(FieldError.Required("addressType"));
        else if (addressType is not ("IPv4" or "IPv6" or "FQDN")) errors.Add(FieldError.NotSupported("addressType", addressType, ["IPv4", "IPv6", "FQDN"]));
        foreach (var (endpoint, endpointPath) in errors.Objects(obj, "endpoints", ""))
        {
            var addresses = errors.Strings(endpoint, "addresses", endpointPath);
            if (addresses.Count == 0) errors.Add(FieldError.Required(endpointPath.Child("addresses"), "must contain at least 1 address"));
            for (var i = 0; i < addresses.Count; i++)
            {
                var addressPath = endpointPath.Child("addresses").Index(i);
                var messages = addressType == "FQDN" ? NameFormats.IsDns1123Subdomain(addresses[i]) : NameFormats.IsValidIp(addresses[i]);
                errors.Name(messages, addressPath, addresses[i]);
            }
        }
        foreach (var (port, portPath) in errors.Objects(obj, "ports", ""))
        {
            var name = errors.String(port, "name", portPath) ?? "";
            if (name.Length > 0) errors.Name(NameFormats.IsDns1123Label(name), portPath.Child("name"), name);
            if (errors.Long(port, "port", portPath) is { } number)
            {
                foreach (var message in NameFormats.IsValidPortNum(number)) errors.Add(FieldError.Invalid(portPath.Child("port"), number, message));
            }
            errors.OneOf(port, "protocol", portPath, Protocols);
        }
    }

    private static bool IsCidr(string value)
    {
        var slash = value.IndexOf('/');
        if (slash < 0 || !NameFormats.IsIp(value[..slash])) return false;
        var max = value.Contains(':') ? 128 : 32;
        return int.TryParse(value[(slash + 1)..], out var bits) && bits >= 0 && bits <= max;
    }
}
