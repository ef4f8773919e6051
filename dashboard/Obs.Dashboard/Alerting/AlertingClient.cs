using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Client.Rest;

namespace Obs.Dashboard.Alerting;

/// <summary>
/// The on-call receiver's API (<c>/alerting/v1</c> on the apiserver), called with the signed-in
/// user's connection so the apiserver authenticates them and records who acknowledged or silenced.
/// ApiClient has no raw-request call, so this sends through the user's own HttpClient (same CA, same
/// token, its base address the apiserver), the one their session keeps for all their requests: its
/// connections are pooled per user and go away when the session does, at sign-out or expiry.
/// Error answers throw <see cref="ApiException"/> (the receiver answers Status bodies); no answer
/// throws <see cref="AlertingUnreachableException"/>.
/// </summary>
public sealed class AlertingClient
{
    public const string PathPrefix = "/alerting/v1";
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http;
    private readonly Uri _server;
    private readonly TimeSpan _timeout;

    /// <param name="http">The signed-in user's client (<see cref="Auth.CurrentUser.Http"/>), with the apiserver as its base address; not disposed here.</param>
    /// <param name="timeout">How long one call may take (15 s when not given).</param>
    public AlertingClient(HttpClient http, TimeSpan? timeout = null)
    {
        _http = http;
        _timeout = timeout ?? DefaultTimeout;
        _server = http.BaseAddress ?? throw new ArgumentException("the client needs the apiserver as its base address", nameof(http));
    }

    /// <summary>Alerts in the given states (all when empty), newest first as the receiver orders them.</summary>
    public async Task<IReadOnlyList<Alert>> ListAsync(IReadOnlyCollection<string> states, CancellationToken cancellationToken = default)
    {
        var query = states.Count == 0 ? "" : "?state=" + Uri.EscapeDataString(string.Join(',', states));
        var list = await SendAsync(HttpMethod.Get, "/alerts" + query, null, cancellationToken);
        return list["items"] is JsonArray items ? [.. items.OfType<JsonObject>().Select(Alert.FromJson)] : [];
    }

    public async Task<AlertDetail> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        var json = await SendAsync(HttpMethod.Get, "/alerts/" + id.ToString(CultureInfo.InvariantCulture), null, cancellationToken);
        var notifications = json["notifications"] is JsonArray n ? n.OfType<JsonObject>().Select(AlertNotification.FromJson).ToList() : [];
        return new AlertDetail(Alert.FromJson(json), notifications);
    }

    /// <summary>Records the caller (from their token, not from anything sent) as the one on it.</summary>
    public async Task<Alert> AcknowledgeAsync(long id, CancellationToken cancellationToken = default) =>
        Alert.FromJson(await SendAsync(HttpMethod.Post, $"/alerts/{id.ToString(CultureInfo.InvariantCulture)}/ack", new JsonObject(), cancellationToken));

    /// <summary>Creates the silence in Alertmanager through the receiver; returns Alertmanager's silence id.</summary>
    public async Task<string> SilenceAsync(SilenceRequest request, CancellationToken cancellationToken = default)
    {
        var created = await SendAsync(HttpMethod.Post, "/silences", request.ToJson(), cancellationToken);
        return Alert.Text(created, "id") ?? "";
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_server.ToString().TrimEnd('/') + PathPrefix + path));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        // The shared client keeps its default timeout; each call here gets its own, shorter one.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var why = e is OperationCanceledException ? $"no answer within {_timeout.TotalSeconds:0} s" : e.Message;
            throw new AlertingUnreachableException($"the on-call receiver at {_server} is unreachable: {why}", e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode) throw ApiException.FromResponse(response.StatusCode, text);
            try
            {
                return JsonNode.Parse(text) as JsonObject ?? throw new AlertingUnreachableException($"the on-call receiver answered {method} {path} with something that is not a JSON object", new InvalidDataException(text));
            }
            catch (JsonException e)
            {
                throw new AlertingUnreachableException($"the on-call receiver answered {method} {path} with something that is not JSON", e);
            }
        }
    }
}
