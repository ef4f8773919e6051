using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Obs.ApiServer.Auth;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Webhooks;

/// <summary>
/// A real admission webhook: Kestrel over HTTPS on 127.0.0.1 with a serving certificate from a CA of its own (made by
/// the cluster's <see cref="ClusterPki"/> code), naming 127.0.0.1 and <see cref="ServiceName"/>. Each path answers as
/// the test tells it (<see cref="Answer"/>; allowed otherwise), and every review received is kept.
/// </summary>
public sealed class TestWebhookServer : IAsyncDisposable
{
    /// <summary>The Service name the certificate also carries, as kube-apiserver checks a service reference's.</summary>
    public const string ServiceName = "hooks.webhooks.svc";

    private readonly WebApplication _app;
    private readonly string _dir;
    private readonly ConcurrentDictionary<string, Func<JsonObject, Task<JsonObject>>> _answers = new();

    private TestWebhookServer(WebApplication app, string dir, string caBundle)
    {
        _app = app;
        _dir = dir;
        CaBundle = caBundle;
    }

    /// <summary>The reviews received, with the path each was posted to, in order.</summary>
    public ConcurrentQueue<(string Path, JsonObject Request)> Received { get; } = new();

    /// <summary>The CA certificate, base64 as a clientConfig's caBundle carries it.</summary>
    public string CaBundle { get; }

    public int Port => new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    public string Url(string path) => $"https://127.0.0.1:{Port}{path}";

    /// <summary>The reviews' requests posted to <paramref name="path"/>.</summary>
    public IReadOnlyList<JsonObject> RequestsTo(string path) => Received.Where(r => r.Path == path).Select(r => r.Request).ToList();

    /// <summary>How <paramref name="path"/> answers: the response fields (allowed, status, patch, warnings) for a request.</summary>
    public void Answer(string path, Func<JsonObject, JsonObject> answer) => _answers[path] = request => Task.FromResult(answer(request));

    public void AnswerAsync(string path, Func<JsonObject, Task<JsonObject>> answer) => _answers[path] = answer;

    /// <param name="throughIntermediate">
    /// Serve a certificate issued by an intermediate CA, sent with it, under a root of its own (the caBundle), instead of
    /// one the cluster's PKI code issues straight from its CA.
    /// </param>
    public static async Task<TestWebhookServer> StartAsync(bool throughIntermediate = false)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{StaleTestDirectories.ClusterPrefix}{Environment.ProcessId}-webhook-{Guid.NewGuid():N}");
        var pki = new ClusterPki(dir);
        pki.Ensure([IPAddress.Loopback], [ServiceName]);
        var https = new HttpsConnectionAdapterOptions();
        string caBundle;
        if (throughIntermediate)
        {
            var (root, intermediate, leaf) = IntermediateChain.Make([IPAddress.Loopback], [ServiceName]);
            https.ServerCertificate = leaf;
            https.ServerCertificateChain = [intermediate];
            caBundle = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(root.ExportCertificatePem()));
        }
        else
        {
            https.ServerCertificate = X509Certificate2.CreateFromPemFile(pki.ServingCertFile, pki.ServingKeyFile);
            caBundle = Convert.ToBase64String(File.ReadAllBytes(pki.CaCertFile));
        }
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https)));
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TestWebhookServer(app, dir, caBundle);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var review = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var request = review["request"]!.AsObject();
        Received.Enqueue((context.Request.Path.Value ?? "", request));
        var response = _answers.TryGetValue(context.Request.Path.Value ?? "", out var answer) ? await answer(request) : new JsonObject { ["allowed"] = true };
        response["uid"] = request["uid"]!.DeepClone();
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["response"] = response }.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
