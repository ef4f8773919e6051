using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Obs.Exporter.Collectors;
using Obs.Exporter.Telemetry;

NodeExporterCommandLine commandLine;
try
{
    commandLine = NodeExporterCommandLine.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"obs-exporter: error: {e.Message}, try --help");
    return 1;
}
if (commandLine.Help)
{
    Console.WriteLine(NodeExporterCommandLine.Usage);
    return 0;
}

// The empty builder, not the slim one: no appsettings.json watched (the slim builder's file watcher follows every
// change under the working directory, which costs CPU on a busy machine), and no log line per request (four lines at
// Information, formatted and written to the console on every scrape, cost more than the collectors). Kestrel,
// routing and a console logger for warnings and our own start-up line are all this process needs.
var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "obs-exporter" });
builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(commandLine.ListenAddress));
builder.Services.AddRoutingCore();
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning);
builder.Services.AddResponseCompression(compression =>
{
    compression.Providers.Add<GzipCompressionProvider>();
    // Matched without parameters: "text/plain; version=0.0.4" is text/plain here.
    compression.MimeTypes = ["text/plain", "application/openmetrics-text"];
});
builder.Services.Configure<GzipCompressionProviderOptions>(gzip => gzip.Level = CompressionLevel.Fastest);

using var registry = new MetricsRegistry();
var collectors = NodeCollectorSet.Create(commandLine.Collectors);
var app = builder.Build();
var log = app.Logger;
collectors.Error = (collector, error) => log.LogWarning("collector {Collector} failed: {Error}", collector, error.Message);
registry.Error = (source, error) => log.LogWarning("{Source} dropped from the scrape: {Error}", source, error.Message);
registry.Register(collectors);

app.UseResponseCompression();
app.MapGet(commandLine.TelemetryPath, async context =>
{
    context.Response.ContentType = registry.WriteTo(context.Response.BodyWriter, context.Request.Headers.Accept);
    await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
});
// A plain RequestDelegate, as /metrics: a lambda with a return value would go through the request delegate
// factory, which compiles expression trees at start-up (CPU and resident memory for a one-line page).
var landingPage = $"<html><head><title>Obs node exporter</title></head><body><h1>Obs node exporter</h1><p><a href=\"{commandLine.TelemetryPath}\">Metrics</a></p></body></html>";
app.MapGet("/", context =>
{
    context.Response.ContentType = "text/html; charset=utf-8";
    return context.Response.WriteAsync(landingPage, context.RequestAborted);
});

log.LogInformation("listening on {Address}, collectors: {Collectors}", commandLine.ListenAddress, string.Join(", ", collectors.Names));
await app.RunAsync();
return 0;
