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

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(commandLine.ListenAddress));
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
app.MapGet("/", () => Results.Content(
    $"<html><head><title>Obs node exporter</title></head><body><h1>Obs node exporter</h1><p><a href=\"{commandLine.TelemetryPath}\">Metrics</a></p></body></html>",
    "text/html; charset=utf-8"));

log.LogInformation("listening on {Address}, collectors: {Collectors}", commandLine.ListenAddress, string.Join(", ", collectors.Names));
await app.RunAsync();
return 0;
