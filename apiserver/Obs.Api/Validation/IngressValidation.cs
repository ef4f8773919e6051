using System.Text.Json.Nodes;
using Obs.Api.Errors;

namespace Obs.Api.Validation;

/// <summary>networking.k8s.io/v1 Ingress and IngressClass.</summary>
internal static class IngressValidation
{
    private static readonly string[] PathTypes = ["Exact", "ImplementationSpecific", "Prefix"];
    private static readonly string[] InvalidSequences = ["//", "/./", "/../", "%2f", "%2F"];
    private static readonly string[] InvalidSuffixes = ["/..", "/."];

    public static void ValidateIngress(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        const string path = "spec";
        var rules = errors.Objects(spec, "rules", path);
        var defaultBackend = errors.Object(spec, "defaultBackend", path);
        if (rules.Count == 0 && defaultBackend is null)
            errors.Add(FieldError.Invalid(path, Checks.Copy(spec?["rules"]), "either `defaultBackend` or `rules` must be specified"));
        if (defaultBackend is not null) ValidateBackend(defaultBackend, path.Child("defaultBackend"), errors);
        foreach (var (rule, rulePath) in rules)
        {
            var host = errors.String(rule, "host", rulePath) ?? "";
            if (host.Length > 0)
            {
                if (NameFormats.IsIp(host)) errors.Add(FieldError.Invalid(rulePath.Child("host"), host, "must be a DNS name, not an IP address"));
                var messages = host.Contains('*') ? NameFormats.IsWildcardDns1123Subdomain(host) : NameFormats.IsDns1123Subdomain(host);
                errors.Name(messages, rulePath.Child("host"), host);
            }
            var http = errors.Object(rule, "http", rulePath);
            if (http is null) continue;
            var httpPath = rulePath.Child("http");
            var paths = errors.Objects(http, "paths", httpPath);
            if (paths.Count == 0) errors.Add(FieldError.Required(httpPath.Child("paths")));
            foreach (var (entry, entryPath) in paths) ValidatePath(entry, entryPath, errors);
        }
        foreach (var (tls, tlsPath) in errors.Objects(spec, "tls", path))
        {
            var hosts = errors.Strings(tls, "hosts", tlsPath);
            for (var i = 0; i < hosts.Count; i++)
                errors.Name(hosts[i].Contains('*') ? NameFormats.IsWildcardDns1123Subdomain(hosts[i]) : NameFormats.IsDns1123Subdomain(hosts[i]), tlsPath.Child("hosts").Index(i), hosts[i]);
        }
        var className = errors.String(spec, "ingressClassName", path);
        if (className is not null) errors.Name(NameFormats.IsDns1123Subdomain(className), path.Child("ingressClassName"), className);
    }

    public static void ValidateIngressClass(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        var controller = errors.String(spec, "controller", "spec") ?? "";
        if (controller.Length == 0) errors.Add(FieldError.Required("spec.controller"));
        else if (controller.Length > 250) errors.Add(FieldError.TooLong("spec.controller", controller, 250));
    }

    private static void ValidatePath(JsonObject entry, string path, ErrorList errors)
    {
        var value = errors.String(entry, "path", path) ?? "";
        var type = errors.String(entry, "pathType", path);
        if (type is null)
        {
            errors.Add(FieldError.Required(path.Child("pathType"), "pathType must be specified"));
            return;
        }
        switch (type)
        {
            case "Exact" or "Prefix":
                if (!value.StartsWith('/')) errors.Add(FieldError.Invalid(path.Child("path"), value, "must be an absolute path"));
                if (value.Length > 0)
                {
                    foreach (var sequence in InvalidSequences)
                    {
                        if (value.Contains(sequence, StringComparison.Ordinal))
                            errors.Add(FieldError.Invalid(path.Child("path"), value, $"must not contain '{sequence}'"));
                    }
                    foreach (var suffix in InvalidSuffixes)
                    {
                        if (value.EndsWith(suffix, StringComparison.Ordinal))
                            errors.Add(FieldError.Invalid(path.Child("path"), value, $"cannot end with '{suffix}'"));
                    }
                }
                break;
            case "ImplementationSpecific":
                if (value.Length > 0 && !value.StartsWith('/')) errors.Add(FieldError.Invalid(path.Child("path"), value, "must be an absolute path"));
                break;
            default:
                errors.Add(FieldError.NotSupported(path.Child("pathType"), type, PathTypes));
                break;
        }
        var backend = errors.Object(entry, "backend", path);
        if (backend is null) errors.Add(FieldError.Required(path.Child("backend")));
        else ValidateBackend(backend, path.Child("backend"), errors);
    }

    private static void ValidateBackend(JsonObject backend, string path, ErrorList errors)
    {
        var resource = errors.Object(backend, "resource", path);
        var service = errors.Object(backend, "service", path);
        if (resource is not null && service is not null)
        {
            errors.Add(FieldError.Invalid(path, "", "cannot set both resource and service backends"));
            return;
        }
        if (resource is not null)
        {
            foreach (var field in (string[])["kind", "name"])
            {
                if ((errors.String(resource, field, path.Child("resource")) ?? "").Length == 0) errors.Add(FieldError.Required(path.Child("resource", field)));
            }
            return;
        }
        if (service is null)
        {
            errors.Add(FieldError.Invalid(path, "", "resource or service backend is required"));
            return;
        }
        var name = errors.String(service, "name", path.Child("service")) ?? "";
        if (name.Length == 0) errors.Add(FieldError.Required(path.Child("service", "name")));
        else errors.Name(NameFormats.IsDns1035Label(name), path.Child("service", "name"), name);
        var port = errors.Object(service, "port", path.Child("service"));
        var portName = errors.String(port, "name", path.Child("service", "port")) ?? "";
        var portNumber = errors.Long(port, "number", path.Child("service", "port")) ?? 0;
        if (portName.Length > 0 && portNumber != 0) errors.Add(FieldError.Invalid(path, "", "cannot set both port name & port number"));
        else if (portName.Length > 0) errors.Name(NameFormats.IsValidPortName(portName), path.Child("service", "port", "name"), portName);
        else if (portNumber != 0)
        {
            foreach (var message in NameFormats.IsValidPortNum(portNumber))
                errors.Add(FieldError.Invalid(path.Child("service", "port", "number"), portNumber, message));
        }
        else errors.Add(FieldError.Required(path, "port name or number is required"));
    }
}
