using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Dashboard.Access;
using Obs.Dashboard.Cluster;

namespace Obs.Dashboard.Auth;

/// <summary>
/// Validated tokens and their API clients, shared by every request of the same user: a client
/// (and its HTTP connection pool) per token rather than per request. An entry lives a few
/// minutes, then the token is checked with the API again, so a token removed from the
/// apiserver's token file stops working in the dashboard too; idle clients are disposed.
/// </summary>
public sealed class UserSessions : IDisposable
{
    /// <summary>How long an accepted token is trusted before the API is asked again.</summary>
    public static readonly TimeSpan Revalidate = TimeSpan.FromMinutes(5);

    private readonly ClusterCache _cluster;
    private readonly TimeProvider _time;
    private readonly MemoryCache _sessions = new(new MemoryCacheOptions());

    public UserSessions(ClusterCache cluster, TimeProvider time)
    {
        _cluster = cluster;
        _time = time;
    }

    /// <summary>The session for <paramref name="token"/>: from the cache, or checked with the API now.</summary>
    public async Task<SignInResult> ResolveAsync(string token, CancellationToken cancellationToken = default)
    {
        var key = Key(token);
        if (_sessions.TryGetValue(key, out UserSession? cached) && cached is not null) return SignInResult.Accepted(cached);
        var connection = _cluster.Client.Connection with { Token = token };
        var client = new ApiClient(connection, new ApiClientOptions { Qps = 20, Burst = 40, UserAgent = "obs-dashboard" });
        try
        {
            // Any authenticated answer will do: the apiserver checks the token on every request,
            // and a 404 or 403 still says who asked was recognised. Only 401 refuses the token.
            await client.TryGetAsync(ResourceTypes.Namespace, null, "default", cancellationToken);
        }
        catch (ApiException e) when (e.IsUnauthorized)
        {
            client.Dispose();
            return SignInResult.Refused("The API did not accept this token.");
        }
        catch (ApiException e) when (e.IsForbidden)
        {
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or ApiException)
        {
            client.Dispose();
            return SignInResult.Refused($"The API is unreachable: {e.Message}");
        }
        var http = ClusterHttpClient.Create(connection, "obs-dashboard");
        http.BaseAddress = connection.Server;
        var access = new SessionAccess(client, NamespaceNames, _time);
        var session = new UserSession(DisplayName(token), client, http, access);
        var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Revalidate };
        // Disposed a little later than evicted: a request that took the client just before eviction still finishes with it.
        options.RegisterPostEvictionCallback(static (_, value, _, _) =>
            _ = Task.Delay(TimeSpan.FromMinutes(1)).ContinueWith(_ => ((UserSession)value!).Dispose(), TaskScheduler.Default));
        _sessions.Set(key, session, options);
        return SignInResult.Accepted(session);
    }

    /// <summary>The namespaces a session's rules are reviewed in: those the dashboard's cache holds now.</summary>
    private IEnumerable<string> NamespaceNames() =>
        _cluster.Lister(ResourceTypes.Namespace).List().Select(n => Obs.Api.Objects.ObjectMeta.Name(n)).OfType<string>();

    /// <summary>Forgets a token's session (sign-out), so its client goes away with it.</summary>
    public void Forget(string token) => _sessions.Remove(Key(token));

    /// <summary>
    /// The apiserver serves no "who am I" request, so the dashboard cannot learn the user's name;
    /// it shows the token's last characters, enough for someone holding several to tell them apart.
    /// </summary>
    public static string DisplayName(string token) => token.Length > 8 ? $"token …{token[^4..]}" : "token";

    // The cache is keyed by a hash, so the raw token is not kept as a dictionary key in memory dumps or logs.
    private static string Key(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public void Dispose() => _sessions.Dispose();
}
