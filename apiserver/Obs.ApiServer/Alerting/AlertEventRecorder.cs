using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Http;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// Writes each alert that starts firing or resolves as a core/v1 Event on the object it names,
/// through the apiserver's own registry (validated and watched like any other write), so that
/// <c>kubectl describe</c> and <c>kubectl get events</c> show it next to the object.
/// </summary>
public sealed partial class AlertEventRecorder(ObjectRegistry registry, TimeProvider time, ILogger<AlertEventRecorder> logger)
{
    public const string Component = "obs-alerting";
    public const string FiringReason = "AlertFiring";
    public const string ResolvedReason = "AlertResolved";
    private const int MaxMessage = 1024;

    public async Task RecordAsync(AlertChange change, CancellationToken cancellationToken)
    {
        if (change.Kind == AlertChangeKind.Repeated) return;
        if (AlertSubject.From(change.Alert.Labels) is not { } subject) return;
        try
        {
            await registry.CreateAsync(ResourceTypes.Event, subject.EventNamespace, await BuildAsync(change, subject, cancellationToken),
                new WriteOptions { FieldManager = Component }, cancellationToken);
        }
        catch (Exception e) when (e is ApiException or Npgsql.NpgsqlException)
        {
            // Events are best effort, as in Kubernetes: the alert is stored whatever happens here.
            LogEventFailed(logger, change.Alert.AlertName, subject.Type.Kind, subject.Name, e.Message);
        }
    }

    private async Task<JsonObject> BuildAsync(AlertChange change, AlertSubject subject, CancellationToken cancellationToken)
    {
        var alert = change.Alert;
        var firing = change.Kind == AlertChangeKind.Fired;
        var involved = new JsonObject
        {
            ["kind"] = subject.Type.Kind,
            ["apiVersion"] = subject.Type.ApiVersion,
            ["name"] = subject.Name,
        };
        if (subject.Namespace is not null) involved["namespace"] = subject.Namespace;
        // kubectl describe finds events by the object's uid too; an object that is gone has none to give.
        try
        {
            var obj = await registry.GetAsync(subject.Type, subject.Namespace, subject.Name, cancellationToken);
            if (ObjectMeta.Uid(obj) is { } uid) involved["uid"] = uid;
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }

        var now = time.GetUtcNow();
        var summary = alert.Annotations.GetValueOrDefault("summary") ?? alert.Annotations.GetValueOrDefault("description") ?? "";
        var severity = alert.Labels.GetValueOrDefault("severity");
        var message = firing
            ? $"{alert.AlertName}{(severity is null ? "" : $" ({severity})")} is firing (alert {alert.Id})" + (summary.Length > 0 ? $": {summary}" : "")
            : $"{alert.AlertName} resolved (alert {alert.Id})" + (summary.Length > 0 ? $": {summary}" : "");
        if (message.Length > MaxMessage) message = message[..(MaxMessage - 3)] + "...";
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{subject.Name}.{now.ToUnixTimeMilliseconds():x}{Random.Shared.Next(0x1000):x3}",
                ["namespace"] = subject.EventNamespace,
                ["labels"] = new JsonObject { ["alertname"] = Label(alert.AlertName), ["obs.dev/alert-id"] = alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
            ["involvedObject"] = involved,
            ["reason"] = firing ? FiringReason : ResolvedReason,
            ["message"] = message,
            ["type"] = firing ? "Warning" : "Normal",
            ["source"] = new JsonObject { ["component"] = Component },
            ["firstTimestamp"] = Timestamps.Format(now),
            ["lastTimestamp"] = Timestamps.Format(now),
            ["count"] = 1,
            ["reportingComponent"] = Component,
            ["reportingInstance"] = Environment.MachineName.ToLowerInvariant(),
        };
    }

    /// <summary>A label value must be at most 63 characters of [A-Za-z0-9_.-]; alert names nearly always are.</summary>
    private static string Label(string value)
    {
        var cleaned = new string(value.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(63).ToArray());
        return cleaned.Trim('-', '_', '.');
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not record alert {AlertName} as an event on {Kind} {Name}: {Error}")]
    private static partial void LogEventFailed(ILogger logger, string alertName, string kind, string name, string error);
}
