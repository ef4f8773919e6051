using Obs.Client.Rest;

namespace Obs.Dashboard.Auth;

/// <summary>
/// A token the API accepted: what the page shows as the user, a resource client acting with that
/// token, and an HTTP client with the same token for the apiserver's other APIs (the on-call
/// receiver under /alerting/v1).
/// </summary>
public sealed record UserSession(string Name, ApiClient Api, HttpClient Http) : IDisposable
{
    public void Dispose()
    {
        Api.Dispose();
        Http.Dispose();
    }
}
