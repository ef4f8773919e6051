using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Obs.ApiServer.ResourceMetrics;

/// <summary>Puts <c>/apis/metrics.k8s.io</c> in front of the apiserver's dispatcher, which serves the stored resources.</summary>
internal sealed class ResourceMetricsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var endpoint = app.ApplicationServices.GetRequiredService<ResourceMetricsEndpoint>();
        app.Map(ResourceMetricsEndpoint.PathPrefix, branch => branch.Run(endpoint.HandleAsync));
        next(app);
    };
}
