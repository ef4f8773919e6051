using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Obs.ApiServer.Alerting;

/// <summary>Adds the on-call receiver to an apiserver's services; its routes join the pipeline by themselves.</summary>
public static class AlertingServices
{
    /// <summary>
    /// Registers the receiver once: a second call (say, a test host that registered first) changes
    /// nothing. Needs what the apiserver registers: NpgsqlDataSource, TokenAuthenticator, ObjectRegistry, TimeProvider.
    /// </summary>
    public static IServiceCollection Add(IServiceCollection services, AlertingOptions options)
    {
        if (services.Any(d => d.ServiceType == typeof(AlertingOptions))) return services;
        services.AddSingleton(options);
        services.AddSingleton<AlertStore>();
        services.AddSingleton<AlertEventRecorder>();
        services.AddSingleton(sp => AlertForwarder.Create(options, sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<AlertForwarder>>()));
        services.AddHostedService(sp => sp.GetRequiredService<AlertForwarder>());
        services.AddSingleton<AlertmanagerClient>();
        services.AddSingleton<UnsentResolutions>();
        services.AddHostedService(sp => sp.GetRequiredService<UnsentResolutions>());
        services.AddSingleton<AlertingEndpoints>();
        services.AddSingleton<IStartupFilter, AlertingStartupFilter>();
        return services;
    }
}
