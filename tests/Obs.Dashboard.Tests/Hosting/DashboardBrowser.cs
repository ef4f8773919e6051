using System.Net;
using System.Text.RegularExpressions;

namespace Obs.Dashboard.Tests.Hosting;

/// <summary>
/// Talks to the dashboard as a browser without script would: keeps cookies, posts forms with the
/// antiforgery token the page rendered, and leaves redirects for the test to look at.
/// </summary>
public sealed partial class DashboardBrowser : IDisposable
{
    private readonly HttpClient _http;

    public DashboardBrowser(Uri baseAddress)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; }

    public HttpClient Http => _http;

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    /// <summary>GETs <paramref name="pagePath"/>, then posts its form <paramref name="formName"/> with the page's antiforgery token and the given fields.</summary>
    /// <param name="htmx">Post as htmx does (HX-Request), to an action that answers a part of the page.</param>
    public async Task<HttpResponseMessage> SubmitAsync(string pagePath, string formName, IReadOnlyDictionary<string, string> fields, string? postPath = null, bool htmx = false)
    {
        var page = await _http.GetStringAsync(pagePath);
        var antiforgery = AntiforgeryField().Match(page);
        if (!antiforgery.Success) throw new InvalidOperationException($"{pagePath} rendered no antiforgery token");
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
            ["_handler"] = formName,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, postPath ?? pagePath) { Content = new FormUrlEncodedContent(form) };
        if (htmx) request.Headers.Add("HX-Request", "true");
        return await _http.SendAsync(request);
    }

    /// <summary>GETs a page: its status and its HTML with entities decoded, as a reader sees the text.</summary>
    public async Task<(HttpStatusCode Code, string Html)> GetPageAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Submits the page's form <paramref name="formName"/> with these fields: the answer's status and decoded HTML.</summary>
    public async Task<(HttpStatusCode Code, string Html)> PostFormAsync(string path, string formName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var response = await SubmitAsync(path, formName, new Dictionary<string, string>(fields));
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Signs in through the sign-in form and checks that it redirected.</summary>
    public async Task SignInAsync(string token)
    {
        using var response = await SubmitAsync("/signin", "signin", new Dictionary<string, string> { ["Token"] = token });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"sign-in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Where a redirect points, as a path on this dashboard; fails when it points at another site.</summary>
    public string LocalPath(HttpResponseMessage response)
    {
        var location = new Uri(_http.BaseAddress!, response.Headers.Location ?? throw new InvalidOperationException("no Location header"));
        if (location.Authority != _http.BaseAddress!.Authority) throw new InvalidOperationException($"redirected off the dashboard to {location}");
        return location.PathAndQuery;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public void Dispose() => _http.Dispose();
}
