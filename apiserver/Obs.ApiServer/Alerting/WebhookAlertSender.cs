using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Obs.ApiServer.Alerting;

/// <summary>Posts each notice as JSON (<c>kind: AlertNotification</c>, the alert as the API serves it) to a chat or paging bridge.</summary>
public sealed class WebhookAlertSender(Uri url) : IAlertSender, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public string Destination => url.ToString();

    public async Task<IReadOnlyList<string>> SendAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        var message = new JsonObject
        {
            ["kind"] = "AlertNotification",
            ["apiVersion"] = AlertJson.ApiVersion,
            ["status"] = notice.Status,
            ["alert"] = AlertJson.Alert(notice.Alert),
        };
        using var response = await _http.PostAsJsonAsync(url, message, cancellationToken);
        if (response.IsSuccessStatusCode) return [];
        var code = (int)response.StatusCode;
        // A 4xx other than these says the bridge will not take this message however often it is sent.
        var permanent = code is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
        throw new AlertSendException($"HTTP {code}", permanent);
    }

    public void Dispose() => _http.Dispose();
}
