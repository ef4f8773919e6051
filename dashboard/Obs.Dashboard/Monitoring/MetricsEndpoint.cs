using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Obs.Exporter.Telemetry;

namespace Obs.Dashboard.Monitoring;

/// <summary>
/// GET /metrics, open like Grafana's: the dashboard's request durations (ASP.NET Core's
/// <c>http_server_request_duration_seconds</c> by route and status: its own RED) and its
/// <see cref="DashboardCollector"/> families, its process (<c>process_*</c>) and .NET runtime (<c>dotnet_*</c>) figures,
/// in the Prometheus text format or OpenMetrics.
/// </summary>
public static class MetricsEndpoint
{
    public static void AddDashboardMetrics(this IServiceCollection services) =>
        services.AddSingleton(provider =>
        {
            var registry = new MetricsRegistry("Microsoft.AspNetCore.Hosting", "System.Runtime");
            registry.Register(ActivatorUtilities.CreateInstance<DashboardCollector>(provider));
            registry.Register(new ProcessCollector());
            return registry;
        });

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/metrics", async (HttpContext context, MetricsRegistry registry) =>
        {
            context.Response.ContentType = registry.WriteTo(context.Response.BodyWriter, context.Request.Headers.Accept.ToString());
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        });
}
