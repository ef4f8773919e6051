using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Quantities;

namespace Obs.Api.Validation;

/// <summary>Kubernetes' checks on one container (<c>validateContainerCommon</c> and the probe, port, env, mount and resource checks).</summary>
internal static class ContainerValidation
{
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];
    private static readonly string[] StandardContainerResources = ["cpu", "memory", "ephemeral-storage"];
    private static readonly string[] PodFieldPaths =
    [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
        "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ];
    private static readonly string[] ContainerResourceFields =
        ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"];

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
        ValidateEnv(container, path, errors);
        ValidateEnvFrom(container, path, errors);
        ValidateVolumeMounts(container, path, volumes, errors);
        errors.OneOf(container, "imagePullPolicy", path, PullPolicies);
        ValidateResources(errors.Object(container, "resources", path), path.Child("resources"), errors);
    }

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

    private static void ValidateEnv(JsonObject container, string path, ErrorList errors)
    {
        foreach (var (env, envPath) in errors.Objects(container, "env", path))
        {
            var name = errors.String(env, "name", envPath) ?? "";
            if (name.Length == 0) errors.Add(FieldError.Required(envPath.Child("name")));
            else errors.Name(NameFormats.IsEnvVarName(name), envPath.Child("name"), name);
            var value = errors.String(env, "value", envPath) ?? "";
            var from = errors.Object(env, "valueFrom", envPath);
            if (from is null) continue;
            var fromPath = envPath.Child("valueFrom");
            var sources = 0;
            if (errors.Object(from, "fieldRef", fromPath) is { } fieldRef)
            {
                sources++;
                var refPath = fromPath.Child("fieldRef");
                if ((errors.String(fieldRef, "apiVersion", refPath) ?? "v1").Length == 0) errors.Add(FieldError.Required(refPath.Child("apiVersion")));
                var fieldPath = errors.String(fieldRef, "fieldPath", refPath) ?? "";
                if (fieldPath.Length == 0) errors.Add(FieldError.Required(refPath.Child("fieldPath")));
                else if (!IsPodFieldPath(fieldPath)) errors.Add(FieldError.NotSupported(refPath.Child("fieldPath"), fieldPath, PodFieldPaths));
            }
            if (errors.Object(from, "resourceFieldRef", fromPath) is { } resourceRef)
            {
                sources++;
                var refPath = fromPath.Child("resourceFieldRef");
                var resource = errors.String(resourceRef, "resource", refPath) ?? "";
                if (resource.Length == 0) errors.Add(FieldError.Required(refPath.Child("resource")));
                else if (!ContainerResourceFields.Contains(resource) && !resource.StartsWith("limits.hugepages-", StringComparison.Ordinal) && !resource.StartsWith("requests.hugepages-", StringComparison.Ordinal))
                    errors.Add(FieldError.NotSupported(refPath.Child("resource"), resource, ContainerResourceFields));
                if (errors.Quantity(resourceRef["divisor"], refPath.Child("divisor")) is { Sign: <= 0 } divisor && resourceRef["divisor"] is not null)
                    errors.Add(FieldError.Invalid(refPath.Child("divisor"), divisor.ToString(), "must be greater than 0"));
            }
            foreach (var kind in (string[])["configMapKeyRef", "secretKeyRef"])
            {
                if (errors.Object(from, kind, fromPath) is not { } keyRef) continue;
                sources++;
                var refPath = fromPath.Child(kind);
                var refName = errors.String(keyRef, "name", refPath) ?? "";
                if (refName.Length == 0) errors.Add(FieldError.Required(refPath.Child("name")));
                else errors.Name(NameFormats.IsDns1123Subdomain(refName), refPath.Child("name"), refName);
                var key = errors.String(keyRef, "key", refPath) ?? "";
                if (key.Length == 0) errors.Add(FieldError.Required(refPath.Child("key")));
                else errors.Name(NameFormats.IsConfigMapKey(key), refPath.Child("key"), key);
            }
            if (sources == 0)
                errors.Add(FieldError.Invalid(fromPath, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
            else if (value.Length != 0)
                errors.Add(FieldError.Invalid(fromPath, "", "may not be specified when `value` is not empty"));
            else if (sources > 1)
                errors.Add(FieldError.Invalid(fromPath, "", "may not have more than one field specified at a time"));
        }
    }

    private static void ValidateEnvFrom(JsonObject container, string path, ErrorList errors)
    {
        foreach (var (source, sourcePath) in errors.Objects(container, "envFrom", path))
        {
            var prefix = errors.String(source, "prefix", sourcePath) ?? "";
            if (prefix.Length > 0) errors.Name(NameFormats.IsEnvVarName(prefix), sourcePath.Child("prefix"), prefix);
            var count = 0;
            foreach (var kind in (string[])["configMapRef", "secretRef"])
            {
                if (errors.Object(source, kind, sourcePath) is not { } reference) continue;
                count++;
                var refName = errors.String(reference, "name", sourcePath.Child(kind)) ?? "";
                if (refName.Length == 0) errors.Add(FieldError.Required(sourcePath.Child(kind, "name")));
                else errors.Name(NameFormats.IsDns1123Subdomain(refName), sourcePath.Child(kind, "name"), refName);
            }
            if (count == 0) errors.Add(FieldError.Invalid(sourcePath, "", "must specify one of: `configMapRef` or `secretRef`"));
            else if (count > 1) errors.Add(FieldError.Invalid(sourcePath, "", "may not have more than one field specified at a time"));
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

    /// <summary>
    /// Resource names and quantities, and requests no greater than limits (equal for extended resources,
    /// which cannot be overcommitted). Errors on the comparison point at <c>requests</c>, as Kubernetes' do.
    /// </summary>
    public static void ValidateResources(JsonObject? resources, string path, ErrorList errors)
    {
        if (resources is null) return;
        var limitsPath = path.Child("limits");
        var requestsPath = path.Child("requests");
        var limits = ReadQuantities(resources, "limits", path, errors);
        var requests = ReadQuantities(resources, "requests", path, errors);
        foreach (var (name, request) in requests)
        {
            if (limits.TryGetValue(name, out var limit))
            {
                if (!IsOvercommitAllowed(name) && request != limit)
                    errors.Add(FieldError.Invalid(requestsPath, request.ToString(), $"must be equal to {name} limit of {limit}"));
                else if (request > limit)
                    errors.Add(FieldError.Invalid(requestsPath, request.ToString(), $"must be less than or equal to {name} limit of {limit}"));
            }
            else if (!IsOvercommitAllowed(name))
            {
                errors.Add(FieldError.Required(limitsPath, "Limit must be set for non overcommitable resources"));
            }
        }
    }

    private static Dictionary<string, Quantity> ReadQuantities(JsonObject resources, string field, string path, ErrorList errors)
    {
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var map = errors.Object(resources, field, path);
        if (map is null) return result;
        foreach (var (name, node) in map)
        {
            var entryPath = path.Child(field).Key(name);
            ValidateResourceName(name, entryPath, errors);
            if (errors.Quantity(node, entryPath) is not { } quantity) continue;
            if (quantity.Sign < 0) errors.Add(FieldError.Invalid(entryPath, quantity.ToString(), Checks.NonNegative));
            else if (IsIntegerResource(name) && quantity.MilliValue % 1000 != 0) errors.Add(FieldError.Invalid(entryPath, quantity.ToString(), "must be an integer"));
            result[name] = quantity;
        }
        return result;
    }

    private static void ValidateResourceName(string name, string path, ErrorList errors)
    {
        errors.Name(NameFormats.IsQualifiedName(name), path, name);
        if (!name.Contains('/'))
        {
            if (!StandardContainerResources.Contains(name) && !name.StartsWith("hugepages-", StringComparison.Ordinal))
                errors.Add(FieldError.Invalid(path, name, "must be a standard resource for containers"));
        }
        else if (!IsNative(name) && name.StartsWith("requests.", StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid(path, name, "doesn't follow extended resource name standard"));
        }
    }

    private static bool IsNative(string name) => !name.Contains('/') || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    private static bool IsOvercommitAllowed(string name) => IsNative(name) && !name.StartsWith("hugepages-", StringComparison.Ordinal);

    // Extended resources (GPUs and the like) come in whole units.
    private static bool IsIntegerResource(string name) => !IsNative(name);

    private static bool IsPodFieldPath(string fieldPath)
    {
        if (fieldPath.StartsWith("metadata.labels['", StringComparison.Ordinal) || fieldPath.StartsWith("metadata.annotations['", StringComparison.Ordinal))
            return fieldPath.EndsWith("']", StringComparison.Ordinal);
        return PodFieldPaths.Contains(fieldPath);
    }
}
