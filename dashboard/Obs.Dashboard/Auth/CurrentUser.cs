using Obs.Client.Rest;
using Obs.Dashboard.Access;

namespace Obs.Dashboard.Auth;

/// <summary>
/// The signed-in user of one request (a scoped service): their name and an API client that acts
/// with their own bearer token, so every change made from the dashboard is made, and allowed or
/// refused, as that user. Null <see cref="Api"/> means nobody is signed in.
/// </summary>
public sealed class CurrentUser
{
    public string? Name { get; set; }

    public ApiClient? Api { get; set; }

    /// <summary>HTTP with the user's token for the apiserver's non-resource APIs (the on-call receiver); null when nobody is signed in.</summary>
    public HttpClient? Http { get; set; }

    public bool IsSignedIn => Api is not null;

    /// <summary>
    /// What the user's token may read, fresh for this request: pages, fragments and lists show an object of the
    /// dashboard's cache only when it allows it. Nothing until the sign-in middleware learns it.
    /// </summary>
    public UserAccess Access { get; set; } = UserAccess.Nothing;

    /// <summary>The session's rules as they are learned again, for a live stream that outlasts this request's <see cref="Access"/>.</summary>
    public SessionAccess? SessionAccess { get; set; }

    /// <summary>The API client of the signed-in user; pages behind sign-in use it for every action.</summary>
    public ApiClient RequireApi() => Api ?? throw new InvalidOperationException("nobody is signed in");

    /// <summary>The signed-in user's pooled HTTP client for the apiserver's non-resource APIs.</summary>
    public HttpClient RequireHttp() => Http ?? throw new InvalidOperationException("nobody is signed in");
}
