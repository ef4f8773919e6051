using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;

namespace Obs.Api.Validation;

/// <summary>core/v1 Service (<c>ValidateService</c>) and the clusterIP rule on update.</summary>
internal static class ServiceValidation
{
    private static readonly string[] Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    public static void Validate(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        const string path = "spec";
        var type = errors.String(spec, "type", path);
        var clusterIP = errors.String(spec, "clusterIP", path) ?? "";
        var headless = clusterIP == "None";
        var ports = errors.Objects(spec, "ports", path);
        if (ports.Count == 0 && !headless && type != "ExternalName") errors.Add(FieldError.Required(path.Child("ports")));

        if (type == "ExternalName")
        {
            if (clusterIP.Length > 0) errors.Add(FieldError.Forbidden(path.Child("clusterIP"), "may not be set for ExternalName services"));
            var cname = (errors.String(spec, "externalName", path) ?? "").TrimEnd('.');
            if (cname.Length == 0) errors.Add(FieldError.Required(path.Child("externalName")));
            else errors.Name(NameFormats.IsDns1123Subdomain(cname), path.Child("externalName"), cname);
        }
        else if (clusterIP.Length > 0 && !headless)
        {
            foreach (var message in NameFormats.IsValidIp(clusterIP)) errors.Add(FieldError.Invalid(path.Child("clusterIP"), clusterIP, message));
        }
        var clusterIPs = errors.Strings(spec, "clusterIPs", path);
        if (clusterIPs.Count > 0 && clusterIP.Length > 0 && clusterIPs[0] != clusterIP)
            errors.Add(FieldError.Invalid(path.Child("clusterIPs"), Checks.Copy(spec!["clusterIPs"]), "first value must match `clusterIP`"));

        var names = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<(string, long)>();
        foreach (var (port, portPath) in ports)
        {
            var name = errors.String(port, "name", portPath) ?? "";
            if (ports.Count > 1 && name.Length == 0) errors.Add(FieldError.Required(portPath.Child("name")));
            else if (name.Length > 0)
            {
                errors.Name(NameFormats.IsDns1123Label(name), portPath.Child("name"), name);
                if (!names.Add(name)) errors.Add(FieldError.Duplicate(portPath.Child("name"), name));
            }
            var number = errors.Long(port, "port", portPath) ?? 0;
            foreach (var message in NameFormats.IsValidPortNum(number)) errors.Add(FieldError.Invalid(portPath.Child("port"), number, message));
            var protocol = errors.OneOf(port, "protocol", portPath, Protocols) ?? "TCP";
            errors.PortNumOrName(port["targetPort"], portPath.Child("targetPort"));
            if (errors.Long(port, "nodePort", portPath) is { } nodePort and not 0)
            {
                if (type is null or "ClusterIP") errors.Add(FieldError.Forbidden(portPath.Child("nodePort"), "may not be used when `type` is 'ClusterIP'"));
                else
                {
                    foreach (var message in NameFormats.IsValidPortNum(nodePort)) errors.Add(FieldError.Invalid(portPath.Child("nodePort"), nodePort, message));
                }
            }
            if (!seen.Add((protocol, number)))
                errors.Add(FieldError.Duplicate(portPath, new JsonObject { ["port"] = number, ["protocol"] = protocol }));
        }
        MetadataValidation.ValidateLabels(spec, "selector", path, errors);
        errors.OneOf(spec, "sessionAffinity", path, "ClientIP", "None");
        if (type is not null)
        {
            if (type.Length == 0) errors.Add(FieldError.Required(path.Child("type")));
            else if (!Types.Contains(type)) errors.Add(FieldError.NotSupported(path.Child("type"), type, Types));
        }
        errors.OneOf(spec, "externalTrafficPolicy", path, "Cluster", "Local");
        errors.OneOf(spec, "internalTrafficPolicy", path, "Cluster", "Local");
        errors.OneOf(spec, "ipFamilyPolicy", path, "SingleStack", "PreferDualStack", "RequireDualStack");
        foreach (var ip in errors.Strings(spec, "externalIPs", path))
        {
            foreach (var message in NameFormats.IsValidIp(ip)) errors.Add(FieldError.Invalid(path.Child("externalIPs"), ip, message));
        }
    }

    /// <summary>
    /// A cluster IP, once allocated, stays (<c>spec.clusterIPs[0]: may not change once set</c>), unless the
    /// service becomes or stops being ExternalName. An update that leaves it out is not an error here: the
    /// registry carries the allocated address over.
    /// </summary>
    public static void ValidateUpdate(JsonObject newObj, JsonObject oldObj, ErrorList errors)
    {
        if (JsonValues.String(newObj.At("spec", "type")) == "ExternalName" || JsonValues.String(oldObj.At("spec", "type")) == "ExternalName") return;
        var before = JsonValues.String(oldObj.At("spec", "clusterIP")) ?? "";
        var now = JsonValues.String(newObj.At("spec", "clusterIP")) ?? "";
        if (before.Length > 0 && now.Length > 0 && before != now)
            errors.Add(FieldError.Invalid("spec.clusterIPs[0]", new JsonArray(JsonValue.Create(now)), "may not change once set"));
    }
}
