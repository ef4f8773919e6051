using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Obs.ServiceProxy.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 and a free port, standing in for a pod.</summary>
public sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestBackend(WebApplication app, string name, int port)
    {
        _app = app;
        Name = name;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public static async Task<TestBackend> StartAsync(string name, Action<WebApplication> configure, bool http2 = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = http2 ? HttpProtocols.Http2 : HttpProtocols.Http1));
        var app = builder.Build();
        configure(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestBackend(app, name, new Uri(address).Port);
    }

    /// <summary>Answers every request with JSON naming this backend and echoing the method, path and request headers.</summary>
    public static Task<TestBackend> EchoAsync(string name) => StartAsync(name, app => app.Run(context => WriteEchoAsync(context, name)));

    public static async Task WriteEchoAsync(HttpContext context, string name)
    {
        var headers = new JsonObject();
        foreach (var (key, values) in context.Request.Headers) headers[key.ToLowerInvariant()] = values.ToString();
        var body = System.Text.Encoding.UTF8.GetBytes(new JsonObject
        {
            ["backend"] = name,
            ["method"] = context.Request.Method,
            ["path"] = context.Request.Path.Value,
            ["headers"] = headers,
        }.ToJsonString());
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
