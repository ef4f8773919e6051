using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Obs.Forwarding;

/// <summary>
/// The <c>X-Forwarded-*</c> headers a proxy sends on, so the target sees who asked and how: the client's
/// address appended to any <c>X-Forwarded-For</c> list it sent (each proxy on the way adds the one it saw),
/// and the scheme and Host the client used to reach this proxy, which replace any the client claimed
/// (only this hop knows them).
/// </summary>
public readonly record struct ForwardedHeaders(string? For, string Proto, string? Host)
{
    public const string ForName = "X-Forwarded-For";
    public const string ProtoName = "X-Forwarded-Proto";
    public const string HostName = "X-Forwarded-Host";

    /// <summary>Whether a header of the client's request is one of these, which the proxy sends rebuilt instead.</summary>
    public static bool IsForwardedHeader(string name) =>
        string.Equals(name, ForName, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, ProtoName, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, HostName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The values for the request a proxy received.</summary>
    public static ForwardedHeaders Of(HttpRequest incoming)
    {
        var client = incoming.HttpContext.Connection.RemoteIpAddress?.ToString();
        var sent = incoming.Headers[ForName];
        var forwardedFor = StringValues.IsNullOrEmpty(sent) ? client : client is null ? sent.ToString() : $"{sent}, {client}";
        return new ForwardedHeaders(forwardedFor, incoming.Scheme, incoming.Host.HasValue ? incoming.Host.Value : null);
    }

    /// <summary>The headers, in the order they are sent, leaving out the ones without a value.</summary>
    public IEnumerable<KeyValuePair<string, string>> Headers()
    {
        if (For is not null) yield return new(ForName, For);
        yield return new(ProtoName, Proto);
        if (Host is not null) yield return new(HostName, Host);
    }

    public void AddTo(HttpRequestHeaders headers)
    {
        if (For is not null) headers.TryAddWithoutValidation(ForName, For);
        headers.TryAddWithoutValidation(ProtoName, Proto);
        if (Host is not null) headers.TryAddWithoutValidation(HostName, Host);
    }
}
