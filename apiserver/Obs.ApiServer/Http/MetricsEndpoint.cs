using Microsoft.AspNetCore.Http;
using Obs.ApiServer.Metrics;
using Obs.Exporter.Telemetry;

namespace Obs.ApiServer.Http;

/// <summary>
/// <c>/metrics</c>: the apiserver's instruments, ASP.NET Core's, the .NET runtime's (<c>dotnet_*</c>: GC,
/// heap, thread pool) and the process's (<c>process_*</c>), in the Prometheus text format or OpenMetrics.
/// </summary>
public sealed class MetricsEndpoint(ApiMetrics metrics, WatchCacheCollector cacheCollector) : IDisposable
{
    private readonly MetricsRegistry _registry = CreateRegistry(metrics, cacheCollector);

    private static MetricsRegistry CreateRegistry(ApiMetrics metrics, WatchCacheCollector cacheCollector)
    {
        var registry = new MetricsRegistry(metrics.MeterName, "Microsoft.AspNetCore.Hosting", "System.Runtime");
        registry.Register(cacheCollector);
        registry.Register(new ProcessCollector());
        return registry;
    }

    public async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = _registry.WriteTo(context.Response.BodyWriter, context.Request.Headers.Accept.ToString());
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    public void Dispose() => _registry.Dispose();
}
