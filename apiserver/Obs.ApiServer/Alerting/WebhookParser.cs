using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Errors;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// Strict reading of Alertmanager's webhook payload: every problem is collected with its field
/// path, and a payload with any problem is refused whole. Fields Alertmanager may add later are ignored.
/// </summary>
public static class WebhookParser
{
    public const string SupportedVersion = "4";
    private static readonly string[] Statuses = ["firing", "resolved"];

    /// <summary>The notification, or null with <paramref name="errors"/> filled.</summary>
    public static WebhookNotification? Parse(JsonNode? root, out IReadOnlyList<FieldError> errors)
    {
        var list = new List<FieldError>();
        errors = list;
        if (root is not JsonObject obj)
        {
            list.Add(FieldError.Invalid("<root>", Kind(root), "must be a JSON object"));
            return null;
        }
        var version = RequiredString(obj, "version", "", list);
        if (version is not null && version != SupportedVersion)
            list.Add(FieldError.NotSupported("version", version, [SupportedVersion]));
        var groupKey = RequiredString(obj, "groupKey", "", list);
        var status = Status(obj, "", list);
        var receiver = OptionalString(obj, "receiver", "", list) ?? "";
        var truncated = 0;
        if (obj["truncatedAlerts"] is { } t)
        {
            if (t.GetValueKind() != JsonValueKind.Number || !t.AsValue().TryGetValue(out truncated) || truncated < 0)
                list.Add(FieldError.Invalid("truncatedAlerts", Kind(t), "must be a non-negative integer"));
        }
        var groupLabels = StringMap(obj, "groupLabels", "", list, required: false);
        var commonLabels = StringMap(obj, "commonLabels", "", list, required: false);
        var commonAnnotations = StringMap(obj, "commonAnnotations", "", list, required: false);
        var externalUrl = OptionalString(obj, "externalURL", "", list) ?? "";

        var alerts = new List<WebhookAlert>();
        if (obj["alerts"] is not JsonArray array)
        {
            if (obj["alerts"] is null) list.Add(FieldError.Required("alerts"));
            else list.Add(FieldError.Invalid("alerts", Kind(obj["alerts"]), "must be an array"));
        }
        else
        {
            for (var i = 0; i < array.Count; i++)
            {
                var path = $"alerts[{i}]";
                if (array[i] is not JsonObject a)
                {
                    list.Add(FieldError.Invalid(path, Kind(array[i]), "must be an object"));
                    continue;
                }
                if (ParseAlert(a, path, list) is { } alert) alerts.Add(alert);
            }
        }
        if (list.Count > 0) return null;
        return new WebhookNotification(version!, groupKey!, truncated, status!, receiver, groupLabels, commonLabels, commonAnnotations, externalUrl, alerts);
    }

    private static WebhookAlert? ParseAlert(JsonObject a, string path, List<FieldError> errors)
    {
        var before = errors.Count;
        var status = Status(a, path, errors);
        var labels = StringMap(a, "labels", path, errors, required: true);
        var annotations = StringMap(a, "annotations", path, errors, required: false);
        var startsAt = Time(a, "startsAt", path, errors, required: true);
        var endsAt = Time(a, "endsAt", path, errors, required: false);
        var generator = OptionalString(a, "generatorURL", path, errors) ?? "";
        var fingerprint = RequiredString(a, "fingerprint", path, errors);
        if (errors.Count > before) return null;
        return new WebhookAlert(status!, labels, annotations, startsAt!.Value, endsAt, generator, fingerprint!);
    }

    private static string? Status(JsonObject obj, string path, List<FieldError> errors)
    {
        var status = RequiredString(obj, "status", path, errors);
        if (status is null || Statuses.Contains(status)) return status;
        errors.Add(FieldError.NotSupported(Child(path, "status"), status, Statuses));
        return null;
    }

    /// <summary>Alertmanager writes Go's zero time for an alert without an end; that means "no end".</summary>
    private static DateTimeOffset? Time(JsonObject obj, string name, string path, List<FieldError> errors, bool required)
    {
        var text = required ? RequiredString(obj, name, path, errors) : OptionalString(obj, name, path, errors);
        if (text is null) return null;
        if (!Rfc3339.TryParse(text, out var time))
        {
            errors.Add(FieldError.Invalid(Child(path, name), text, "must be an RFC 3339 time"));
            return null;
        }
        if (time.Year <= 1) return required ? Invalid(errors, Child(path, name), text) : null;
        return time;
    }

    private static DateTimeOffset? Invalid(List<FieldError> errors, string field, string text)
    {
        errors.Add(FieldError.Invalid(field, text, "must not be the zero time"));
        return null;
    }

    private static string? RequiredString(JsonObject obj, string name, string path, List<FieldError> errors)
    {
        var value = OptionalString(obj, name, path, errors);
        if (value is null && obj[name] is null) errors.Add(FieldError.Required(Child(path, name)));
        else if (value is { Length: 0 }) errors.Add(FieldError.Required(Child(path, name)));
        return value is { Length: > 0 } ? value : null;
    }

    private static string? OptionalString(JsonObject obj, string name, string path, List<FieldError> errors)
    {
        var node = obj[name];
        if (node is null) return null;
        if (node.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(FieldError.Invalid(Child(path, name), Kind(node), "must be a string"));
            return null;
        }
        var s = node.GetValue<string>();
        if (s.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid(Child(path, name), "", "must not contain NUL characters"));
            return null;
        }
        return s;
    }

    private static IReadOnlyDictionary<string, string> StringMap(JsonObject obj, string name, string path, List<FieldError> errors, bool required)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var field = Child(path, name);
        var node = obj[name];
        if (node is null)
        {
            if (required) errors.Add(FieldError.Required(field));
            return map;
        }
        if (node is not JsonObject o)
        {
            errors.Add(FieldError.Invalid(field, Kind(node), "must be an object of strings"));
            return map;
        }
        foreach (var (key, value) in o)
        {
            if (key.Length == 0 || key.Contains('\0', StringComparison.Ordinal))
                errors.Add(FieldError.Invalid(field, key, "label names must be non-empty and free of NUL characters"));
            else if (value?.GetValueKind() != JsonValueKind.String)
                errors.Add(FieldError.Invalid($"{field}.{key}", Kind(value), "must be a string"));
            else if (value.GetValue<string>().Contains('\0', StringComparison.Ordinal))
                errors.Add(FieldError.Invalid($"{field}.{key}", "", "must not contain NUL characters"));
            else map[key] = value.GetValue<string>();
        }
        if (required && map.Count == 0 && o.Count == 0) errors.Add(FieldError.Required(field, "an alert needs at least one label"));
        return map;
    }

    private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Kind(JsonNode? node) => node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant();
}
