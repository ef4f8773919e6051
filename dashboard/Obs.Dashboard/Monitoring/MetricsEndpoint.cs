using System.Buffers;
using System.IO.Compression;
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
/// in the Prometheus text format or OpenMetrics, gzipped when asked.
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

    /// <summary>Gzipped when the scraper offers it, as Prometheus does on every scrape (the other endpoints do the same).</summary>
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/metrics", async (HttpContext context, MetricsRegistry registry) =>
        {
            var response = context.Response;
            response.Headers.Vary = "Accept-Encoding";
            var accept = context.Request.Headers.Accept.ToString();
            if (!context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = registry.WriteTo(response.BodyWriter, accept);
                await response.BodyWriter.FlushAsync(context.RequestAborted);
                return;
            }
            var body = new ArrayBufferWriter<byte>(16 * 1024);
            response.ContentType = registry.WriteTo(body, accept);
            response.Headers.ContentEncoding = "gzip";
            await using var zip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await zip.WriteAsync(body.WrittenMemory, context.RequestAborted);
        });
}
