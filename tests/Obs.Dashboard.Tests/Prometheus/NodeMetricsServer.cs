using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Obs.Exporter.Collectors;
using Obs.Exporter.Telemetry;

namespace Obs.Dashboard.Tests.Prometheus;

/// <summary>
/// obs-exporter's node collectors (its default set, as the node agent serves them at <c>/metrics/node</c>) over this
/// machine's /proc and /sys, at <c>/metrics</c> on a free loopback port: the node metrics source Prometheus scrapes.
/// </summary>
public sealed class NodeMetricsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MetricsRegistry _registry;

    private NodeMetricsServer(WebApplication app, MetricsRegistry registry, string target)
    {
        _app = app;
        _registry = registry;
        Target = target;
    }

    /// <summary>host:port, as a scrape target names it.</summary>
    public string Target { get; }

    public static async Task<NodeMetricsServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        var registry = new MetricsRegistry();
        registry.Register(NodeCollectorSet.Create(new NodeCollectorOptions()));
        var app = builder.Build();
        app.MapGet("/metrics", async context =>
        {
            context.Response.ContentType = registry.WriteTo(context.Response.BodyWriter, context.Request.Headers.Accept);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new NodeMetricsServer(app, registry, $"127.0.0.1:{address.Port.ToString(CultureInfo.InvariantCulture)}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _registry.Dispose();
    }
}
