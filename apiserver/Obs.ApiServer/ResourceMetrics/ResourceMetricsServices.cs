using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Obs.ApiServer.ResourceMetrics;

/// <summary>Adds the resource metrics API (metrics.k8s.io) and its scraper to an apiserver's services.</summary>
public static class ResourceMetricsServices
{
    public static IServiceCollection Add(IServiceCollection services, ResourceMetricsOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<ResourceMetricsStore>();
        services.AddSingleton<ResourceMetricsEndpoint>();
        services.AddHostedService<ResourceMetricsScraper>();
        services.AddSingleton<IStartupFilter, ResourceMetricsStartupFilter>();
        return services;
    }
}
