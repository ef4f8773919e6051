using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Security;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;
using Obs.ApiServer.Proxy;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.Webhooks;

/// <summary>
/// Posts an AdmissionReview to a webhook over HTTPS and reads the answer, within the webhook's timeout.
/// <para>
/// The serving certificate must chain to the configuration's caBundle and nothing else (the machine's roots only
/// when the bundle is empty, as kube-apiserver does), and must name the URL's host, or for a Service reference
/// <c>NAME.NAMESPACE.svc</c>. A Service reference is dialed at one of its ready endpoints, read from its
/// EndpointSlices in the watch cache (kube-apiserver's endpoint routing): pods use their node's network in Obs, so
/// an endpoint's address and port reach the webhook from the apiserver's host whether or not a node agent runs
/// there, where the Service's cluster IP answers only where an agent proxies it.
/// </para>
/// </summary>
public sealed class WebhookCaller(WatchCache cache)
{
    private const int MaxClients = 64;
    private readonly ConcurrentDictionary<(string ServerName, string Bundle), HttpClient> _clients = new();

    public async Task<JsonNode?> CallAsync(Webhook webhook, JsonObject review, CancellationToken cancellationToken)
    {
        var target = Resolve(webhook.Client);
        var seconds = (int)webhook.Timeout.TotalSeconds;
        // As kube-apiserver does, the timeout is also told to the webhook.
        var url = new UriBuilder(target) { Query = $"timeout={seconds.ToString(CultureInfo.InvariantCulture)}s" }.Uri;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(webhook.Timeout);
        try
        {
            using var content = new StringContent(review.ToJsonString(), System.Text.Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await ClientFor(webhook.Client, url).PostAsync(url, content, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
                throw new WebhookCallException($"failed to call webhook: the server responded with the status code {(int)response.StatusCode}");
            try { return JsonNode.Parse(body); }
            catch (JsonException e) { throw new WebhookCallException("received invalid webhook response: " + e.Message); }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WebhookCallException($"failed to call webhook: Post \"{url}\": context deadline exceeded");
        }
        catch (HttpRequestException e)
        {
            throw new WebhookCallException($"failed to call webhook: Post \"{url}\": {Describe(e)}", e);
        }
    }

    private static string Describe(Exception e)
    {
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException) message += ": " + inner.Message;
        return message;
    }

    /// <summary>Where the review is posted: the URL, or the Service's chosen endpoint with the reference's path.</summary>
    private Uri Resolve(WebhookClient client)
    {
        if (client.Url is { } url) return url;
        if (client.ServiceName is null) throw new WebhookCallException("webhook has neither url nor service");
        var ns = client.ServiceNamespace ?? "";
        var service = cache.Get(ObjectRegistry.KeyOf(ResourceTypes.Service, ns, client.ServiceName))?.ToMutable()
            ?? throw new WebhookCallException($"failed to call webhook: service \"{client.ServiceName}\" not found in namespace \"{ns}\"");
        var slices = cache.List(ResourceTypes.EndpointSlice.GroupResource, new WatchFilter(ns, o => o.Label("kubernetes.io/service-name") == client.ServiceName)).Items
            .Select(s => s.ToMutable());
        ServiceEndpoint endpoint;
        try { endpoint = ServiceEndpointChoice.Choose(service, slices, client.ServicePort.ToString(CultureInfo.InvariantCulture), Random.Shared); }
        catch (ApiException e) { throw new WebhookCallException("failed to call webhook: " + e.Message); }
        if (string.IsNullOrEmpty(endpoint.Address))
            throw new WebhookCallException($"failed to call webhook: the endpoint of service \"{ns}/{client.ServiceName}\" has no address");
        var host = endpoint.Address.Contains(':', StringComparison.Ordinal) ? $"[{endpoint.Address}]" : endpoint.Address;
        return new Uri($"https://{host}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}{client.ServicePath}");
    }

    private HttpClient ClientFor(WebhookClient client, Uri url)
    {
        var key = (client.ServerName, Convert.ToBase64String(client.CaBundle));
        if (_clients.TryGetValue(key, out var existing)) return existing;
        // Configurations change seldom; a bound keeps clients of removed ones from piling up.
        if (_clients.Count >= MaxClients) _clients.Clear();
        try { return _clients.GetOrAdd(key, _ => Create(client)); }
        catch (CryptographicException e) { throw new WebhookCallException($"failed to call webhook: Post \"{url}\": the caBundle holds no usable certificate: {e.Message}"); }
    }

    private static HttpClient Create(WebhookClient client)
    {
        var roots = new X509Certificate2Collection();
        if (client.CaBundle.Length > 0) roots.ImportFromPem(System.Text.Encoding.UTF8.GetString(client.CaBundle));
        var serverName = client.ServerName;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, sent, errors) => Trusted(certificate, sent, errors, roots, serverName) },
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// The certificate names <paramref name="serverName"/> and chains to one of <paramref name="roots"/> (the system's when
    /// none), through the intermediates the server sent (<paramref name="sent"/>: a CA that issues from an intermediate,
    /// as Vault's or cert-manager's often do, sends it with the certificate; the bundle holds the root alone).
    /// </summary>
    private static bool Trusted(X509Certificate? presented, X509Chain? sent, SslPolicyErrors errors, X509Certificate2Collection roots, string serverName)
    {
        if (presented is null) return false;
        using var certificate = new X509Certificate2(presented);
        if (!certificate.MatchesHostname(serverName, allowWildcards: true, allowCommonName: false)) return false;
        // The name is checked here (a Service reference is dialed at an endpoint's address, not at the name it carries).
        var rest = errors & ~SslPolicyErrors.RemoteCertificateNameMismatch;
        return roots.Count == 0 ? rest == SslPolicyErrors.None : CustomRootTrust.Trusts(roots, certificate, rest, sent);
    }
}
