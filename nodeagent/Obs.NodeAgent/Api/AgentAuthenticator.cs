using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Obs.Client.Config;

namespace Obs.NodeAgent.Api;

/// <summary>
/// Who may call the agent API. The scheme, chosen to need no secret the agent does not already
/// hold and to work for an agent on another host:
/// <list type="bullet">
/// <item>The agent's own bearer token (the one it joined the cluster with) is accepted as is.</item>
/// <item>Any other bearer token is checked by asking the apiserver, with that token, to GET the
/// object the request is about (the pod for logs and exec, the Node for /pods): a 2xx means the
/// apiserver knows the caller and lets it read that object. The apiserver's NodeProxy forwards
/// the kubectl user's token, so the user's own rights decide. Answers are cached for a minute.</item>
/// </list>
/// </summary>
public sealed class AgentAuthenticator(ClusterConnection cluster, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (bool Allowed, DateTimeOffset At)> _cache = new();
    private readonly byte[] _own = Encoding.UTF8.GetBytes(cluster.Token ?? "");
    private readonly HttpClient _http = ClusterHttpClient.Create(cluster with { Token = null }, "obs-node-agent-authn");

    /// <param name="apiPath">The apiserver path the caller must be able to GET, e.g. <c>/api/v1/namespaces/default/pods/web</c>.</param>
    public async Task<bool> AllowsAsync(string? authorization, string apiPath, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var token = authorization["Bearer ".Length..].Trim();
        if (token.Length == 0) return false;
        if (_own.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), _own)) return true;
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))) + " " + apiPath;
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && now - cached.At < CacheFor) return cached.Allowed;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.Server, apiPath));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        bool allowed;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await _http.SendAsync(request, timeout.Token);
            allowed = response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        _cache[key] = (allowed, now);
        return allowed;
    }
}
