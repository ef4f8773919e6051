using System.Text.Json.Nodes;
using Obs.Api.Errors;

namespace Obs.Api.Validation;

/// <summary>Kubernetes' checks on one container (<c>validateContainerCommon</c>): name, image, ports, env, mounts, pull policy, resources.</summary>
internal static class ContainerValidation
{
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];

    public static void Validate(JsonObject container, string path, ISet<string> volumes, bool hostNetwork, ErrorList errors)
    {
        var name = errors.String(container, "name", path) ?? "";
        if (name.Length == 0) errors.Add(FieldError.Required(path.Child("name")));
        else errors.Name(NameFormats.IsDns1123Label(name), path.Child("name"), name);

        if ((errors.String(container, "image", path) ?? "").Length == 0) errors.Add(FieldError.Required(path.Child("image")));

        var policy = errors.String(container, "terminationMessagePolicy", path);
        if (policy is not null && policy is not ("File" or "FallbackToLogsOnError"))
        {
            errors.Add(policy.Length == 0
                ? FieldError.Required(path.Child("terminationMessagePolicy"), "must be 'File' or 'FallbackToLogsOnError'")
                : FieldError.Invalid(path.Child("terminationMessagePolicy"), policy, "must be 'File' or 'FallbackToLogsOnError'"));
        }
        errors.Strings(container, "command", path);
        errors.Strings(container, "args", path);
        ValidatePorts(container, path, hostNetwork, errors);
        EnvValidation.ValidateEnv(container, path, errors);
        EnvValidation.ValidateEnvFrom(container, path, errors);
        ValidateVolumeMounts(container, path, volumes, errors);
        errors.OneOf(container, "imagePullPolicy", path, PullPolicies);
        ResourceRequirementsValidation.Validate(errors.Object(container, "resources", path), path.Child("resources"), errors);
    }

    private static void ValidatePorts(JsonObject container, string path, bool hostNetwork, ErrorList errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (port, portPath) in errors.Objects(container, "ports", path))
        {
            var name = errors.String(port, "name", portPath) ?? "";
            if (name.Length > 0)
            {
                var messages = NameFormats.IsValidPortName(name);
                if (messages.Count > 0) errors.Name(messages, portPath.Child("name"), name);
                else if (!names.Add(name)) errors.Add(FieldError.Duplicate(portPath.Child("name"), name));
            }
            var containerPort = errors.Long(port, "containerPort", portPath) ?? 0;
            if (containerPort == 0) errors.Add(FieldError.Required(portPath.Child("containerPort")));
            else
            {
                foreach (var message in NameFormats.IsValidPortNum(containerPort))
                    errors.Add(FieldError.Invalid(portPath.Child("containerPort"), containerPort, message));
            }
            var hostPort = errors.Long(port, "hostPort", portPath) ?? 0;
            if (hostPort != 0)
            {
                foreach (var message in NameFormats.IsValidPortNum(hostPort))
                    errors.Add(FieldError.Invalid(portPath.Child("hostPort"), hostPort, message));
                if (hostNetwork && hostPort != containerPort)
                    errors.Add(FieldError.Invalid(portPath.Child("hostPort"), hostPort, "must match `containerPort` when `hostNetwork` is true"));
            }
            errors.OneOf(port, "protocol", portPath, Protocols);
        }
    }

    private static void ValidateVolumeMounts(JsonObject container, string path, ISet<string> volumes, ErrorList errors)
    {
        var mountPoints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (mount, mountPath) in errors.Objects(container, "volumeMounts", path))
        {
            var name = errors.String(mount, "name", mountPath) ?? "";
            if (name.Length == 0) errors.Add(FieldError.Required(mountPath.Child("name")));
            else if (!volumes.Contains(name)) errors.Add(ValidationErrors.NotFound(mountPath.Child("name"), name));
            var target = errors.String(mount, "mountPath", mountPath) ?? "";
            if (target.Length == 0) errors.Add(FieldError.Required(mountPath.Child("mountPath")));
            else if (!mountPoints.Add(target)) errors.Add(FieldError.Invalid(mountPath.Child("mountPath"), target, "must be unique"));
            var subPath = errors.String(mount, "subPath", mountPath) ?? "";
            if (subPath.Length > 0) ValidateLocalDescendingPath(subPath, mountPath.Child("subPath"), errors);
        }
    }

    /// <summary>A path that must stay inside the volume: relative, no '..' element.</summary>
    public static void ValidateLocalDescendingPath(string value, string path, ErrorList errors)
    {
        if (value.StartsWith('/')) errors.Add(FieldError.Invalid(path, value, "must be a relative path"));
        if (value.Split('/', '\\').Contains("..")) errors.Add(FieldError.Invalid(path, value, "must not contain '..'"));
    }
}
