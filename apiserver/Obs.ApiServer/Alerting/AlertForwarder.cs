using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// Sends each alert that starts firing or resolves to the configured webhook for the human on
/// call, off the request path: Alertmanager's delivery never waits on a slow chat bridge. Each
/// message is tried a few times; a queue that overflows drops the oldest (the history has them all).
/// </summary>
public sealed partial class AlertForwarder(AlertingOptions options, ILogger<AlertForwarder> logger) : BackgroundService
{
    private const int Attempts = 3;
    private readonly Channel<JsonObject> _queue = Channel.CreateBounded<JsonObject>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Enqueue(IEnumerable<AlertChange> changes)
    {
        if (options.ForwardUrl is null) return;
        foreach (var change in changes)
        {
            if (change.Kind == AlertChangeKind.Repeated) continue;
            _queue.Writer.TryWrite(new JsonObject
            {
                ["kind"] = "AlertNotification",
                ["apiVersion"] = AlertJson.ApiVersion,
                ["status"] = change.Kind == AlertChangeKind.Fired ? AlertStates.Firing : AlertStates.Resolved,
                ["alert"] = AlertJson.Alert(change.Alert),
            });
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ForwardUrl is not { } url) return;
        await foreach (var message in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                try
                {
                    using var response = await _http.PostAsJsonAsync(url, message, stoppingToken);
                    if (response.IsSuccessStatusCode) break;
                    LogForwardFailed(logger, url, $"HTTP {(int)response.StatusCode}", attempt);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    LogForwardFailed(logger, url, e.Message, attempt);
                }
                await Task.Delay(TimeSpan.FromSeconds(attempt), stoppingToken);
            }
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "forwarding an alert to {Url} failed ({Error}), attempt {Attempt}")]
    private static partial void LogForwardFailed(ILogger logger, Uri url, string error, int attempt);
}
