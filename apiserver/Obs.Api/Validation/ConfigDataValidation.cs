using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;

namespace Obs.Api.Validation;

/// <summary>ConfigMap and Secret: valid keys, at most 1 MiB of data, the Secret type's required keys, and <c>immutable</c>.</summary>
internal static class ConfigDataValidation
{
    public const int MaxSize = 1024 * 1024;

    public static void ValidateConfigMap(JsonObject obj, ErrorList errors)
    {
        var total = 0L;
        var data = errors.StringMap(obj, "data", "");
        var binary = errors.StringMap(obj, "binaryData", "");
        var binaryKeys = binary.Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in data)
        {
            errors.Name(NameFormats.IsConfigMapKey(key), "data".Key(key), key);
            if (binaryKeys.Contains(key)) errors.Add(FieldError.Invalid("data".Key(key), key, "duplicate of key present in binaryData"));
            total += System.Text.Encoding.UTF8.GetByteCount(value);
        }
        foreach (var (key, value) in binary)
        {
            errors.Name(NameFormats.IsConfigMapKey(key), "binaryData".Key(key), key);
            total += DecodedLength(value, "binaryData".Key(key), errors);
        }
        errors.Bool(obj, "immutable", "");
        if (total > MaxSize) errors.Add(FieldError.TooLong("", "", MaxSize));
    }

    public static void ValidateSecret(JsonObject obj, ErrorList errors)
    {
        var total = 0L;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in errors.StringMap(obj, "data", ""))
        {
            errors.Name(NameFormats.IsConfigMapKey(key), "data".Key(key), key);
            var length = DecodedLength(value, "data".Key(key), errors);
            total += length;
            keys.Add(key);
            values[key] = length;
        }
        // stringData is merged into data on write; its keys follow the same rules.
        foreach (var (key, value) in errors.StringMap(obj, "stringData", ""))
        {
            errors.Name(NameFormats.IsConfigMapKey(key), "stringData".Key(key), key);
            total += System.Text.Encoding.UTF8.GetByteCount(value);
            keys.Add(key);
            values[key] = value.Length;
        }
        if (total > MaxSize) errors.Add(FieldError.TooLong("data", "", MaxSize));
        errors.Bool(obj, "immutable", "");

        var dataPath = "data";
        switch (errors.String(obj, "type", ""))
        {
            case "kubernetes.io/service-account-token":
                if ((JsonValues.String(obj.At("metadata", "annotations", "kubernetes.io/service-account.name")) ?? "").Length == 0)
                    errors.Add(FieldError.Required("metadata.annotations".Key("kubernetes.io/service-account.name")));
                break;
            case "kubernetes.io/dockercfg":
                if (!keys.Contains(".dockercfg")) errors.Add(FieldError.Required(dataPath.Key(".dockercfg")));
                break;
            case "kubernetes.io/dockerconfigjson":
                if (!keys.Contains(".dockerconfigjson")) errors.Add(FieldError.Required(dataPath.Key(".dockerconfigjson")));
                break;
            case "kubernetes.io/basic-auth":
                if (!keys.Contains("username") && !keys.Contains("password"))
                {
                    errors.Add(FieldError.Required(dataPath.Key("username")));
                    errors.Add(FieldError.Required(dataPath.Key("password")));
                }
                break;
            case "kubernetes.io/ssh-auth":
                if (values.GetValueOrDefault("ssh-privatekey") == 0) errors.Add(FieldError.Required(dataPath.Key("ssh-privatekey")));
                break;
            case "kubernetes.io/tls":
                if (!keys.Contains("tls.crt")) errors.Add(FieldError.Required(dataPath.Key("tls.crt")));
                if (!keys.Contains("tls.key")) errors.Add(FieldError.Required(dataPath.Key("tls.key")));
                break;
        }
    }

    /// <summary>Once <c>immutable: true</c>, data and the flag itself are frozen. A Secret's type never changes.</summary>
    public static void ValidateUpdate(JsonObject newObj, JsonObject oldObj, bool secret, ErrorList errors)
    {
        if (secret && (JsonValues.String(newObj["type"]) ?? "Opaque") != (JsonValues.String(oldObj["type"]) ?? "Opaque"))
            errors.Add(FieldError.Invalid("type", JsonValues.String(newObj["type"]) ?? "", MetadataValidation.ImmutableMessage));
        if (JsonValues.Bool(oldObj["immutable"]) != true) return;
        const string message = "field is immutable when `immutable` is set";
        if (JsonValues.Bool(newObj["immutable"]) != true) errors.Add(FieldError.Forbidden("immutable", message));
        foreach (var field in secret ? (string[])["data"] : ["data", "binaryData"])
        {
            if (!JsonNode.DeepEquals(Normalize(newObj[field]), Normalize(oldObj[field]))) errors.Add(FieldError.Forbidden(field, message));
        }
    }

    private static JsonNode? Normalize(JsonNode? map) => map is JsonObject { Count: 0 } ? null : map;

    private static long DecodedLength(string value, string path, ErrorList errors)
    {
        var buffer = new byte[value.Length];
        if (Convert.TryFromBase64String(value, buffer, out var written)) return written;
        errors.Add(FieldError.Invalid(path, "<secret contents redacted>", "illegal base64 data"));
        return 0;
    }
}
