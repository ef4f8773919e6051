using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Obs.ApiServer.Http;

namespace Obs.Bench.Load;

/// <summary>
/// One scrape of a node agent's own <c>/metrics</c>, reached as the apiserver reaches it (<see cref="NodeProxy"/>):
/// its address, port and certificate pin from the Node, the benchmark's admin token as the bearer.
/// </summary>
internal static class AgentScrape
{
    public static async Task<ServerMetrics> ReadAsync(HttpClient api, string node, string token, CancellationToken cancellationToken)
    {
        var published = JsonNode.Parse(await api.GetStringAsync($"/api/v1/nodes/{node}", cancellationToken))!.AsObject();
        var (host, port, pin) = NodeProxy.AgentEndpoint(published) ?? throw new InvalidOperationException($"node {node} publishes no agent endpoint");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://{host}:{port}/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await NodeProxy.ClientFor(pin).SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return new ServerMetrics(await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
