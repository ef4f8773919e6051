using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Obs.ApiServer.Alerting;

/// <summary>Puts <c>/alerting/v1</c> in front of the apiserver's dispatcher, which answers everything else.</summary>
internal sealed class AlertingStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var endpoints = app.ApplicationServices.GetRequiredService<AlertingEndpoints>();
        app.Map(AlertingEndpoints.PathPrefix, branch => branch.Run(endpoints.HandleAsync));
        next(app);
    };
}
