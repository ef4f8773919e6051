using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Text.Json;

namespace Obs.Bench.Load;

/// <summary>
/// One scrape of a node agent's own <c>/metrics</c>: its address and port from the Node, its
/// self-signed serving certificate checked against the pin the Node publishes (as the apiserver
/// checks it), the benchmark's admin token as the bearer.
/// </summary>
internal static class AgentScrape
{
    private const string PinAnnotation = "obs.dev/agent-serving-cert-sha256";

    public static async Task<ServerMetrics> ReadAsync(HttpClient api, string node, string token, CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/nodes/{node}", cancellationToken));
        var root = json.RootElement;
        var pin = root.GetProperty("metadata").GetProperty("annotations").GetProperty(PinAnnotation).GetString();
        var port = root.GetProperty("status").GetProperty("daemonEndpoints").GetProperty("kubeletEndpoint").GetProperty("Port").GetInt32();
        var address = root.GetProperty("status").GetProperty("addresses").EnumerateArray()
            .First(a => a.GetProperty("type").GetString() == "InternalIP").GetProperty("address").GetString();
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData())) == pin,
            },
        };
        using var agent = new HttpClient(handler) { BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"https://{address}:{port}")) };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ServerMetrics(await agent.GetStringAsync("/metrics", cancellationToken));
    }
}
