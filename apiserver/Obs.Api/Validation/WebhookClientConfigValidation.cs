using System.Text.Json.Nodes;
using Obs.Api.Errors;

namespace Obs.Api.Validation;

/// <summary>A webhook's clientConfig, as kube-apiserver checks it: exactly one of an https URL and a service reference.</summary>
internal static class WebhookClientConfigValidation
{
    private const string UrlForm = "; desired format: https://host[/path]";

    public static void Validate(JsonObject? config, string path, ErrorList errors)
    {
        var url = errors.String(config, "url", path);
        var service = errors.Object(config, "service", path);
        if ((url is null) == (service is null)) errors.Add(FieldError.Required(path, "exactly one of url or service is required"));
        else if (url is not null) ValidateUrl(url, path.Child("url"), errors);
        else ValidateService(service!, path.Child("service"), errors);
        if (config?["caBundle"] is { } bundle && JsonValues.String(bundle) is { } text && !IsBase64(text))
            errors.Add(FieldError.Invalid(path.Child("caBundle"), text, "must be base64 encoded"));
    }

    private static void ValidateUrl(string url, string path, ErrorList errors)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            errors.Add(FieldError.Required(path, "url must be a valid URL" + UrlForm));
            return;
        }
        if (uri.Scheme != "https") errors.Add(FieldError.Invalid(path, uri.Scheme, "'https' is the only allowed URL scheme" + UrlForm));
        if (uri.Host.Length == 0) errors.Add(FieldError.Invalid(path, uri.Host, "host must be specified" + UrlForm));
        if (uri.UserInfo.Length > 0) errors.Add(FieldError.Invalid(path, uri.UserInfo, "user information is not permitted in the URL"));
        if (uri.Fragment.Length > 0 || url.Contains('#', StringComparison.Ordinal))
            errors.Add(FieldError.Invalid(path, uri.Fragment.TrimStart('#'), "fragments are not permitted in the URL"));
        if (uri.Query.Length > 0) errors.Add(FieldError.Invalid(path, uri.Query.TrimStart('?'), "query parameters are not permitted in the URL"));
    }

    private static void ValidateService(JsonObject service, string path, ErrorList errors)
    {
        if (string.IsNullOrEmpty(errors.String(service, "name", path))) errors.Add(FieldError.Required(path.Child("name"), "service name is required"));
        if (string.IsNullOrEmpty(errors.String(service, "namespace", path))) errors.Add(FieldError.Required(path.Child("namespace"), "service namespace is required"));
        if (errors.Long(service, "port", path) is { } port && NameFormats.IsValidPortNum(port) is { Count: > 0 } portErrors)
            errors.Add(FieldError.Invalid(path.Child("port"), port, "port is not valid: " + string.Join(", ", portErrors)));
        var urlPath = errors.String(service, "path", path);
        if (urlPath is null or "" or "/") return;
        if (urlPath == "//")
        {
            errors.Add(FieldError.Invalid(path.Child("path"), urlPath, "segment[0] may not be empty"));
            return;
        }
        if (!urlPath.StartsWith('/')) errors.Add(FieldError.Invalid(path.Child("path"), urlPath, "must start with a '/'"));
        var steps = urlPath.TrimStart('/');
        if (steps.EndsWith('/')) steps = steps[..^1];
        var segments = steps.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length == 0) errors.Add(FieldError.Invalid(path.Child("path"), urlPath, $"segment[{i}] may not be empty"));
            else foreach (var message in NameFormats.IsDns1123Subdomain(segments[i])) errors.Add(FieldError.Invalid(path.Child("path"), urlPath, $"segment[{i}]: {message}"));
        }
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }
}
