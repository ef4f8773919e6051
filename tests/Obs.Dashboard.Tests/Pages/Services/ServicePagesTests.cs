using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Resources;
using Obs.Dashboard.Pages.Services;
using Obs.Dashboard.Prometheus;
using Obs.Dashboard.Tests.Components;
using Obs.Dashboard.Tests.Prometheus;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Pages.Services;

public sealed class ServicePagesTests
{
    private readonly CachedObjects _objects = new();

    [Fact]
    public async Task NoServicesSaysTheClusterHasNone()
    {
        var html = await RenderListAsync();

        Assert.Contains("There are no services in the cluster.", html);
    }

    [Fact]
    public async Task TheListShowsEachServiceWithItsReadyEndpointsAndObjectives()
    {
        for (var i = 0; i < 60; i++) _objects.Add(ResourceTypes.Service, ServiceObjects.Service("shop", $"svc-{i:00}"));
        _objects.Add(ResourceTypes.Service, ServiceObjects.Service("pay", "api", new JsonObject { [ServiceFacts.AvailabilityAnnotation] = "99.9", [ServiceFacts.LatencyAnnotation] = "250ms@99" }));
        _objects.Add(ResourceTypes.EndpointSlice, ServiceObjects.Slice("pay", "api", ("api-1", "127.0.0.1", true), ("api-2", "127.0.0.2", false)));

        var html = await RenderListAsync("?namespace=pay");

        Assert.Contains("href=\"/services/pay/api\">api</a>", html);
        Assert.Contains("<td>1/2</td>", html);
        Assert.Contains("availability 99.9%, latency 250ms@99", html);
        Assert.DoesNotContain("svc-00", html);
    }

    [Fact]
    public async Task TheServicePageShowsEndpointsAndSaysWhenPrometheusIsNotConfigured()
    {
        _objects.Add(ResourceTypes.Service, ServiceObjects.Service("pay", "api", new JsonObject { [ServiceFacts.AvailabilityAnnotation] = "99.9" }));
        _objects.Add(ResourceTypes.EndpointSlice, ServiceObjects.Slice("pay", "api", ("api-1", "127.0.0.1", true)));

        var html = await RenderServiceAsync(new PrometheusClient(new HttpClient(), null));

        Assert.Contains("Endpoints (1/1 ready)", html);
        Assert.Contains("href=\"/pods/pay/api-1\">api-1</a>", html);
        Assert.Contains("99.9% of requests succeed", html);
        // The three RED charts and the error budget each say why they have nothing to show.
        Assert.Equal(3, CountOf(html, "<p class=\"message info chart-unavailable\">Prometheus is not configured.</p>"));
        Assert.Contains("<dt>Error budget left (30 days)</dt><dd>Prometheus is not configured.</dd>", html);
        Assert.Contains("No Ingress routes to this service.", html);
        // Only the events section follows the cluster, on a stream of this service's events.
        Assert.Contains("sse-connect=\"/live?topic=events&amp;about=Service%2Fpay%2Fapi&amp;since=0\"", html);
        Assert.Contains("hx-get=\"/fragments/events?about=Service%2Fpay%2Fapi\"", html);
    }

    [Fact]
    public async Task TheServicePageChartsRedAndTheErrorBudgetLeft()
    {
        _objects.Add(ResourceTypes.Service, ServiceObjects.Service("pay", "api", new JsonObject { [ServiceFacts.AvailabilityAnnotation] = "99" }));
        var queries = new List<string>();
        // Prometheus answers every range query with one series and the 30-day error ratio with 0.25 % (a quarter of a 1 % budget).
        var prometheus = CannedPrometheus.Client(queries);

        var html = await RenderServiceAsync(prometheus);

        Assert.Contains("<dt>Error budget left (30 days)</dt><dd>75%</dd>", html);
        Assert.Contains("aria-label=\"Latency over time\"", html);
        Assert.Contains(queries, q => q.Contains("histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{namespace=\"pay\",service=\"api\"}[5m])))", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AServiceThatIsGoneSaysSo()
    {
        var html = await RenderServiceAsync(new PrometheusClient(new HttpClient(), null));

        Assert.Contains("Service pay/api is not in the cluster", html);
    }

    private Task<string> RenderListAsync(string query = "") => _objects.RenderAsync<ServicesPage>("http://dashboard.test/services" + query);

    private Task<string> RenderServiceAsync(PrometheusClient prometheus) =>
        ComponentRenderer.RenderAsync<ServicePage>(
            new Dictionary<string, object?> { ["Namespace"] = "pay", ["Name"] = "api" },
            s =>
            {
                _objects.Services(s, "http://dashboard.test/services/pay/api");
                s.AddSingleton(prometheus);
            });

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
