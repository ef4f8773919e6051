using Obs.Client.Rest;
using Obs.Dashboard.Access;

namespace Obs.Dashboard.Auth;

/// <summary>
/// A token the API accepted: what the page shows as the user, a resource client acting with that
/// token, and an HTTP client with the same token for the apiserver's other APIs (the on-call
/// receiver under /alerting/v1), and what the token may read (<see cref="SessionAccess"/>), by which every view
/// of the dashboard's shared cache is filtered.
/// </summary>
public sealed record UserSession(string Name, ApiClient Api, HttpClient Http, SessionAccess Access) : IDisposable
{
    public void Dispose()
    {
        Api.Dispose();
        Http.Dispose();
    }
}
