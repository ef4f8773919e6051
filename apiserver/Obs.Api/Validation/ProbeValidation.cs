using System.Text.Json.Nodes;
using Obs.Api.Errors;

namespace Obs.Api.Validation;

/// <summary>Probes and lifecycle hooks: exactly one handler, sane timings (<c>validateProbe</c>, <c>validateHandler</c>).</summary>
internal static class ProbeValidation
{
    public static void ValidateProbe(JsonObject? container, string name, string path, bool mustSucceedOnce, ErrorList errors)
    {
        var probe = errors.Object(container, name, path);
        if (probe is null) return;
        var probePath = path.Child(name);
        ValidateHandler(probe, probePath, errors, includeSleep: false);
        foreach (var field in (string[])["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"])
            errors.NonNegativeField(probe, field, probePath);
        if (mustSucceedOnce && errors.Long(probe, "successThreshold", probePath) is { } threshold && threshold != 1)
            errors.Add(FieldError.Invalid(probePath.Child("successThreshold"), threshold, "must be 1"));
        if (errors.Long(probe, "terminationGracePeriodSeconds", probePath) is { } grace)
        {
            if (!mustSucceedOnce && name == "readinessProbe")
                errors.Add(FieldError.Invalid(probePath.Child("terminationGracePeriodSeconds"), grace, "must not be set for readinessProbes"));
            else if (grace <= 0)
                errors.Add(FieldError.Invalid(probePath.Child("terminationGracePeriodSeconds"), grace, Checks.Positive));
        }
    }

    /// <summary>Probes and lifecycle hooks need exactly one handler (<c>validateHandler</c>).</summary>
    public static void ValidateHandler(JsonObject handler, string path, ErrorList errors, bool includeSleep)
    {
        var count = 0;
        string[] kinds = includeSleep ? ["exec", "httpGet", "tcpSocket", "grpc", "sleep"] : ["exec", "httpGet", "tcpSocket", "grpc"];
        foreach (var kind in kinds)
        {
            var action = errors.Object(handler, kind, path);
            if (action is null) continue;
            if (count > 0)
            {
                errors.Add(FieldError.Forbidden(path.Child(kind), "may not specify more than 1 handler type"));
                continue;
            }
            count++;
            var actionPath = path.Child(kind);
            switch (kind)
            {
                case "exec":
                    if (errors.Strings(action, "command", actionPath).Count == 0) errors.Add(FieldError.Required(actionPath.Child("command")));
                    break;
                case "httpGet":
                    if (errors.String(action, "path", actionPath) is "") errors.Add(FieldError.Required(actionPath.Child("path")));
                    if (action["port"] is null) errors.Add(FieldError.Required(actionPath.Child("port")));
                    errors.PortNumOrName(action["port"], actionPath.Child("port"));
                    errors.OneOf(action, "scheme", actionPath, "HTTP", "HTTPS");
                    foreach (var (header, headerPath) in errors.Objects(action, "httpHeaders", actionPath))
                    {
                        var headerName = errors.String(header, "name", headerPath) ?? "";
                        errors.Name(NameFormats.IsHttpHeaderName(headerName), actionPath.Child("httpHeaders"), headerName);
                    }
                    break;
                case "tcpSocket":
                    if (action["port"] is null) errors.Add(FieldError.Required(actionPath.Child("port")));
                    errors.PortNumOrName(action["port"], actionPath.Child("port"));
                    break;
                case "grpc":
                    var port = errors.Long(action, "port", actionPath) ?? 0;
                    foreach (var message in NameFormats.IsValidPortNum(port)) errors.Add(FieldError.Invalid(actionPath.Child("port"), port, message));
                    break;
                case "sleep":
                    errors.NonNegativeField(action, "seconds", actionPath);
                    break;
            }
        }
        if (count == 0) errors.Add(FieldError.Required(path, "must specify a handler type"));
    }
}
