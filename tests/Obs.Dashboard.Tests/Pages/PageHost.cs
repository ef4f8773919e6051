using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Obs.Dashboard.Components;

namespace Obs.Dashboard.Tests.Pages;

/// <summary>
/// The dashboard's components served over real HTTP with antiforgery on, every request signed in as
/// the given user, so a test can GET a page and POST its forms as a browser would. Sign-in itself
/// is the shell's (DashboardHost); this host stands in for it so the page tests do not depend on it.
/// </summary>
public sealed partial class PageHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PageHost(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<PageHost> StartAsync(OpsCluster cluster)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(cluster.Cache);
        builder.Services.AddScoped(_ => cluster.User);
        builder.Services.AddRazorComponents();
        builder.Services.AddAntiforgery();
        var app = builder.Build();
        app.UseAntiforgery();
        app.MapRazorComponents<App>();
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        return new PageHost(app, client);
    }

    public async Task<(HttpStatusCode Code, string Html)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Loads the page, takes its antiforgery token (and cookie), and submits the named form with these fields.</summary>
    public async Task<(HttpStatusCode Code, string Html)> PostFormAsync(string path, string formName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var page = await Client.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryInput().Match(html);
        if (!token.Success) throw new InvalidOperationException($"{path} has no antiforgery token:\n{html}");
        var form = new List<KeyValuePair<string, string>>(fields)
        {
            new("_handler", formName),
            new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)),
        };
        using var content = new FormUrlEncodedContent(form);
        using var response = await Client.PostAsync(path, content);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
