using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Obs.ApiServer.Alerting;
using Obs.Cli.Cluster;
using Obs.Client.Config;

namespace Obs.Cli.Commands;

/// <summary>
/// <c>obs alerts</c> (what is firing, as a table), <c>obs alerts ack ID</c> and
/// <c>obs alerts silence MATCHERS --for 2h</c>: the on-call receiver's API through the kubeconfig's
/// server and token, so the acknowledgement and the silence carry the kubeconfig user's name.
/// </summary>
public static class AlertsCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string>("--kubeconfig")
        {
            Description = "kubeconfig of the cluster (default: $KUBECONFIG, else $OBS_HOME/kubeconfig, else ~/.kube/config)",
            Recursive = true,
        };
        var state = new Option<string>("--state")
        {
            Description = "comma-separated states to list: firing, acknowledged, resolved (\"all\" for every one)",
            DefaultValueFactory = _ => "firing,acknowledged",
        };
        var output = new Option<string>("--output", "-o") { Description = "table or json", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        var command = new Command("alerts", "List firing alerts from the on-call receiver; acknowledge and silence them") { kubeconfig, state, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var states = parse.GetValue(state) is "all" or null ? "" : parse.GetValue(state)!;
            var query = states.Length == 0 ? "" : "?state=" + Uri.EscapeDataString(states);
            return await CallAsync(parse, kubeconfig, HttpMethod.Get, $"{AlertingEndpoints.PathPrefix}/alerts{query}", null, cancellationToken, (body, writer) =>
            {
                var items = body["items"] as JsonArray ?? [];
                if (parse.GetValue(output) == "json") writer.WriteLine(body.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                else if (items.Count == 0) writer.WriteLine(states.Length == 0 ? "No alerts." : $"No {states.Replace(",", " or ", StringComparison.Ordinal)} alerts.");
                else writer.Write(AlertsTable.Render(items, DateTimeOffset.UtcNow, withResolver: states.Length == 0 || states.Contains("resolved", StringComparison.Ordinal)));
            });
        });
        command.Subcommands.Add(Ack(kubeconfig));
        command.Subcommands.Add(Silence(kubeconfig));
        return command;
    }

    private static Command Ack(Option<string> kubeconfig)
    {
        var id = new Argument<long>("ID") { Description = "the alert's id (the first column of `obs alerts`)" };
        var command = new Command("ack", "Acknowledge an alert: records who (the kubeconfig's user) and when") { id };
        command.SetAction(async (parse, cancellationToken) =>
            await CallAsync(parse, kubeconfig, HttpMethod.Post, $"{AlertingEndpoints.PathPrefix}/alerts/{parse.GetValue(id)}/ack", new JsonObject(), cancellationToken,
                (body, writer) => writer.WriteLine(
                    $"alert {body["id"]} ({body["alertname"]?.GetValue<string>()}) acknowledged by {body["acknowledgedBy"]?.GetValue<string>()} at {body["acknowledgedAt"]?.GetValue<string>()}")));
        return command;
    }

    private static Command Silence(Option<string> kubeconfig)
    {
        var matchers = new Argument<string>("MATCHERS") { Description = "label matchers, e.g. alertname=KubePodCrashLooping,namespace=default (operators = != =~ !~)" };
        var duration = new Option<string>("--for") { Description = "how long the silence lasts, e.g. 2h, 30m, 1d", DefaultValueFactory = _ => "2h" };
        var comment = new Option<string>("--comment") { Description = "why (shown in Alertmanager)" };
        var command = new Command("silence", "Silence matching alerts in Alertmanager for a while") { matchers, duration, comment };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<SilenceMatcher> parsed;
            try
            {
                parsed = SilenceMatcher.ParseList(parse.GetValue(matchers)!);
            }
            catch (FormatException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"obs alerts silence: {e.Message}");
                return 2;
            }
            if (!DurationText.TryParse(parse.GetValue(duration)!, out var span) || span <= TimeSpan.Zero)
            {
                parse.InvocationConfiguration.Error.WriteLine($"obs alerts silence: --for must be a positive duration such as 2h or 30m, got \"{parse.GetValue(duration)}\"");
                return 2;
            }
            var body = new JsonObject
            {
                ["matchers"] = new JsonArray(parsed.Select(m => (JsonNode)m.ToJson()).ToArray()),
                ["duration"] = DurationText.Format(span),
            };
            if (parse.GetValue(comment) is { Length: > 0 } c) body["comment"] = c;
            return await CallAsync(parse, kubeconfig, HttpMethod.Post, $"{AlertingEndpoints.PathPrefix}/silences", body, cancellationToken, (answer, writer) =>
                writer.WriteLine($"silence {answer["id"]?.GetValue<string>()} created for {string.Join(',', parsed)} until {answer["endsAt"]?.GetValue<string>()}"));
        });
        return command;
    }

    /// <summary>Sends one request; prints the Status message of an error on standard error and returns 1.</summary>
    private static async Task<int> CallAsync(ParseResult parse, Option<string> kubeconfig, HttpMethod method, string path, JsonObject? body,
        CancellationToken cancellationToken, Action<JsonObject, TextWriter> print)
    {
        var error = parse.InvocationConfiguration.Error;
        ClusterConnection connection;
        try
        {
            connection = KubeconfigFile.Load(KubeconfigPath(parse.GetValue(kubeconfig)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or YamlDotNet.Core.YamlException)
        {
            error.WriteLine($"obs alerts: cannot read the kubeconfig: {e.Message}");
            return 1;
        }
        using var http = ClusterHttpClient.Create(connection, "obs-alerts");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            using var request = new HttpRequestMessage(method, new Uri(connection.Server, path));
            if (body is not null) request.Content = JsonContent.Create(body);
            using var response = await http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            JsonObject? json = null;
            try { json = JsonNode.Parse(text) as JsonObject; } catch (System.Text.Json.JsonException) { }
            if (!response.IsSuccessStatusCode || json is null)
            {
                error.WriteLine($"Error from server ({(json?["reason"]?.GetValue<string>() ?? response.StatusCode.ToString())}): {json?["message"]?.GetValue<string>() ?? text.Trim()}");
                return 1;
            }
            print(json, parse.InvocationConfiguration.Output);
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error.WriteLine($"obs alerts: cannot reach {connection.Server}: {e.Message}");
            return 1;
        }
    }

    private static string KubeconfigPath(string? given)
    {
        if (!string.IsNullOrEmpty(given)) return given;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBECONFIG"))) return KubeconfigFile.DefaultPath();
        var local = ClusterHome.FromEnvironment().Kubeconfig;
        return File.Exists(local) ? local : KubeconfigFile.DefaultPath();
    }
}
