using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Obs.Api.Errors;
using Obs.ApiServer.Auth;
using Obs.ApiServer.Auth.Rbac;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// The on-call receiver's HTTP API under <c>/alerting/v1</c>, authenticated with the apiserver's
/// bearer tokens and answering errors with Kubernetes <c>Status</c> bodies.
/// Authorized by RBAC as non-resource URLs, the way Kubernetes authorizes its own paths (<c>/metrics</c>,
/// <c>/healthz</c>): the verb is the HTTP method's (<c>get</c>, <c>post</c>) and the path is the request's.
/// Alerts are not objects of an API group (no namespace, no watch, no list semantics), so a resource would
/// promise what the receiver does not do; and a path rule reads plainly in a ClusterRole. The bootstrap roles
/// <c>obs:alerting-view</c> (read) and <c>obs:alerting-respond</c> (read, acknowledge, silence) carry the rules;
/// the webhook needs <c>post</c> on <c>/alerting/v1/webhook</c> (Alertmanager uses the admin token).
/// Being non-resource rules, they apply through ClusterRoleBindings only, as in Kubernetes.
/// <list type="bullet">
/// <item><c>POST /webhook</c>: Alertmanager's webhook (payload version 4);</item>
/// <item><c>GET /alerts?state=firing,acknowledged,resolved</c>, <c>GET /alerts/{id}</c> (with its notifications);</item>
/// <item><c>POST /alerts/{id}/ack</c>: records the caller and the time;</item>
/// <item><c>POST /silences</c> (creates an Alertmanager silence), <c>GET /silences</c>.</item>
/// </list>
/// </summary>
public sealed class AlertingEndpoints(
    TokenAuthenticator authenticator,
    RbacAuthorizer authorizer,
    AlertStore store,
    AlertEventRecorder events,
    AlertForwarder forwarder,
    AlertmanagerClient alertmanager,
    AlertingOptions options,
    TimeProvider time,
    ILogger<AlertingEndpoints> logger)
{
    public const string PathPrefix = "/alerting/v1";
    private static readonly TimeSpan DefaultSilence = TimeSpan.FromHours(2);

    public async Task HandleAsync(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? "").Trim('/');
        try
        {
            var method = context.Request.Method;
            var user = EndpointAuthorization.Authorize(context.Request, authenticator, authorizer, $"{PathPrefix}/{path}", watch: false);
            var parts = path.Split('/');
            switch (parts)
            {
                case ["webhook"]:
                    Require(method, "POST", path);
                    await ReceiveAsync(context);
                    return;
                case ["alerts"]:
                    Require(method, "GET", path);
                    await ListAsync(context);
                    return;
                case ["alerts", var id]:
                    Require(method, "GET", path);
                    await GetAsync(context, ParseId(id));
                    return;
                case ["alerts", var id, "ack"]:
                    Require(method, "POST", path);
                    await AcknowledgeAsync(context, ParseId(id), user);
                    return;
                case ["silences"] when method == "GET":
                    await ListSilencesAsync(context);
                    return;
                case ["silences"]:
                    Require(method, "POST", path);
                    await SilenceAsync(context, user);
                    return;
                default:
                    throw ApiErrors.NotFoundPath();
            }
        }
        catch (Exception e)
        {
            await RequestFailures.WriteAsync(context, e, logger, path);
        }
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var body = await RequestBody.ReadBytesAsync(context.Request, context.RequestAborted);
        var root = RequestBody.ParseJson(body);
        var notification = WebhookParser.Parse(root, out var errors) ?? throw Invalid("the Alertmanager webhook payload", errors);
        // Once stored, the notification is answered even if the client goes away: Alertmanager would only send it again.
        var changes = await store.RecordAsync(notification, body, time.GetUtcNow(), CancellationToken.None);
        forwarder.NoticesStored(changes);
        if (options.RecordEvents)
        {
            foreach (var change in changes) await events.RecordAsync(change, CancellationToken.None);
        }
        await ResponseWriter.WriteJsonAsync(context, 200, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["message"] = $"{changes.Count} alert(s) recorded: {changes.Count(c => c.Kind == AlertChangeKind.Fired)} firing, " +
                          $"{changes.Count(c => c.Kind == AlertChangeKind.Resolved)} resolved, {changes.Count(c => c.Kind == AlertChangeKind.Repeated)} already known",
            ["code"] = 200,
        });
    }

    private async Task ListAsync(HttpContext context)
    {
        var states = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in context.Request.Query["state"])
        {
            foreach (var state in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!AlertStates.All.Contains(state))
                    throw ApiErrors.BadRequest($"unknown state \"{state}\": use {string.Join(", ", AlertStates.All)}");
                states.Add(state);
            }
        }
        var alerts = await store.ListAsync(states, options.ListLimit, context.RequestAborted);
        await ResponseWriter.WriteJsonAsync(context, 200, AlertJson.List(alerts));
    }

    private async Task GetAsync(HttpContext context, long id)
    {
        var alert = await store.GetAsync(id, context.RequestAborted) ?? throw NotFound(id);
        var json = AlertJson.Alert(alert);
        json["notifications"] = new JsonArray((await store.HistoryAsync(id, context.RequestAborted)).Select(h => (JsonNode)AlertJson.History(h)).ToArray());
        await ResponseWriter.WriteJsonAsync(context, 200, json);
    }

    private async Task AcknowledgeAsync(HttpContext context, long id, UserInfo user)
    {
        var alert = await store.AcknowledgeAsync(id, user.Name, time.GetUtcNow(), context.RequestAborted) ?? throw NotFound(id);
        await ResponseWriter.WriteJsonAsync(context, 200, AlertJson.Alert(alert));
    }

    private async Task ListSilencesAsync(HttpContext context)
    {
        var list = await store.ListSilencesAsync(options.ListLimit, context.RequestAborted);
        await ResponseWriter.WriteJsonAsync(context, 200, new JsonObject
        {
            ["kind"] = "SilenceList",
            ["apiVersion"] = AlertJson.ApiVersion,
            ["items"] = new JsonArray(list.Select(s => (JsonNode)s.ToJson()).ToArray()),
        });
    }

    /// <summary>
    /// Body: <c>{"matchers":[{"name","value","isRegex","isEqual"}] or "alertname=X,namespace=Y", "duration":"2h" or
    /// "startsAt"/"endsAt", "comment"}</c>. The creator is the caller, whatever the body says.
    /// </summary>
    private async Task SilenceAsync(HttpContext context, UserInfo user)
    {
        var body = RequestBody.AsObject(RequestBody.ParseJson(await RequestBody.ReadBytesAsync(context.Request, context.RequestAborted)));
        var errors = new List<FieldError>();
        var matchers = Matchers(body["matchers"], errors);
        var now = time.GetUtcNow();
        var startsAt = Time(body, "startsAt", errors) ?? now;
        DateTimeOffset? endsAt = Time(body, "endsAt", errors);
        if (body["duration"] is { } d)
        {
            if (endsAt is not null) errors.Add(FieldError.Forbidden("duration", "give endsAt or duration, not both"));
            else if (d.GetValueKind() != System.Text.Json.JsonValueKind.String || !DurationText.TryParse(d.GetValue<string>(), out var span) || span <= TimeSpan.Zero)
                errors.Add(FieldError.Invalid("duration", d.ToJsonString(), "must be a positive duration such as 2h or 30m"));
            else endsAt = startsAt + span;
        }
        endsAt ??= startsAt + DefaultSilence;
        if (endsAt <= startsAt) errors.Add(FieldError.Invalid("endsAt", Rfc3339.Format(endsAt.Value), "must be after startsAt"));
        if (endsAt <= now) errors.Add(FieldError.Invalid("endsAt", Rfc3339.Format(endsAt.Value), "must be in the future"));
        var comment = body["comment"] is { } c && c.GetValueKind() == System.Text.Json.JsonValueKind.String && c.GetValue<string>().Trim().Length > 0
            ? c.GetValue<string>().Trim()
            : $"silenced by {user.Name} through obs";
        if (errors.Count > 0) throw Invalid("the silence", errors);

        var id = await alertmanager.CreateSilenceAsync(matchers, startsAt, endsAt.Value, user.Name, comment, context.RequestAborted);
        var record = new SilenceRecord(id, matchers, startsAt, endsAt.Value, user.Name, comment, now);
        await store.RecordSilenceAsync(record, CancellationToken.None);
        await ResponseWriter.WriteJsonAsync(context, 201, record.ToJson());
    }

    private static IReadOnlyList<SilenceMatcher> Matchers(JsonNode? node, List<FieldError> errors)
    {
        if (node is null)
        {
            errors.Add(FieldError.Required("matchers"));
            return [];
        }
        if (node.GetValueKind() == System.Text.Json.JsonValueKind.String)
        {
            try
            {
                return SilenceMatcher.ParseList(node.GetValue<string>());
            }
            catch (FormatException e)
            {
                errors.Add(FieldError.Invalid("matchers", node.GetValue<string>(), e.Message));
                return [];
            }
        }
        if (node is not JsonArray array || array.Count == 0)
        {
            errors.Add(FieldError.Invalid("matchers", node.ToJsonString(), "must be a non-empty array of matchers or a string such as alertname=X,namespace=Y"));
            return [];
        }
        var matchers = new List<SilenceMatcher>();
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"matchers[{i}]";
            if (array[i] is not JsonObject m || m["name"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || m["value"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                errors.Add(FieldError.Invalid(path, array[i]?.ToJsonString(), "needs a string name and value"));
                continue;
            }
            var isRegex = m["isRegex"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
            var isEqual = m["isEqual"]?.GetValueKind() != System.Text.Json.JsonValueKind.False;
            matchers.Add(new SilenceMatcher(m["name"]!.GetValue<string>(), m["value"]!.GetValue<string>(), isRegex, isEqual));
        }
        return matchers;
    }

    private static DateTimeOffset? Time(JsonObject body, string name, List<FieldError> errors)
    {
        if (body[name] is not { } node) return null;
        if (node.GetValueKind() == System.Text.Json.JsonValueKind.String && Rfc3339.TryParse(node.GetValue<string>(), out var t)) return t;
        errors.Add(FieldError.Invalid(name, node.ToJsonString(), "must be an RFC 3339 time"));
        return null;
    }

    private static void Require(string method, string expected, string path)
    {
        if (method != expected) throw ApiErrors.MethodNotSupported(method, $"{PathPrefix}/{path}");
    }

    private static long ParseId(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw ApiErrors.BadRequest($"alert id must be a positive integer, got \"{text}\"");

    private static ApiException NotFound(long id) =>
        new(404, "NotFound", $"alert \"{id}\" not found", new JsonObject { ["name"] = id.ToString(CultureInfo.InvariantCulture), ["group"] = "alerting.obs.dev", ["kind"] = "alerts" });

    /// <summary>400 naming every field that is wrong, in Status.details.causes as Kubernetes lists them.</summary>
    private static ApiException Invalid(string what, IReadOnlyList<FieldError> errors)
    {
        var list = errors.Count == 1 ? errors[0].Message : "[" + string.Join(", ", errors.Select(e => e.Message)) + "]";
        return new ApiException(400, "BadRequest", $"{what} is invalid: {list}", new JsonObject
        {
            ["causes"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject
            {
                ["reason"] = e.Reason,
                ["message"] = e.Message,
                ["field"] = e.Field,
            }).ToArray()),
        });
    }
}
