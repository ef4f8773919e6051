using System.Text;
using System.Text.Json.Nodes;
using Obs.Api.Printing;
using Obs.ApiServer.Alerting;

namespace Obs.Cli.Commands;

/// <summary>
/// The table <c>obs alerts</c> prints, laid out like kubectl's: columns padded, three spaces apart, the
/// summary last. A listing that asks for resolved alerts has a RESOLVED BY column (alertmanager, or the
/// receiver when Alertmanager dropped the alert without a resolution).
/// </summary>
public static class AlertsTable
{
    private static readonly string[] Headers = ["ID", "ALERT", "SEVERITY", "STATUS", "NAMESPACE", "OBJECT", "AGE", "ACKED BY", "SUMMARY"];
    private static readonly string[] HeadersWithResolver = ["ID", "ALERT", "SEVERITY", "STATUS", "NAMESPACE", "OBJECT", "AGE", "ACKED BY", "RESOLVED BY", "SUMMARY"];

    public static string Render(JsonArray items, DateTimeOffset now, bool withResolver = false)
    {
        var headers = withResolver ? HeadersWithResolver : Headers;
        var rows = new List<string[]> { headers };
        foreach (var item in items.OfType<JsonObject>()) rows.Add(Row(item, now, withResolver));
        var widths = Enumerable.Range(0, headers.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            var line = new StringBuilder();
            for (var c = 0; c < row.Length; c++)
            {
                if (c == row.Length - 1) line.Append(row[c]);
                else line.Append(row[c].PadRight(widths[c] + 3));
            }
            sb.Append(line.ToString().TrimEnd()).Append('\n');
        }
        return sb.ToString();
    }

    private static string[] Row(JsonObject a, DateTimeOffset now, bool withResolver)
    {
        var labels = (a["labels"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "");
        var annotations = a["annotations"] as JsonObject ?? [];
        var subject = AlertSubject.From(labels);
        var started = a["startsAt"]?.GetValue<string>() is { } s && Rfc3339.TryParse(s, out var t) ? HumanDuration.Format(now - t) : "<unknown>";
        var summary = annotations["summary"]?.GetValue<string>() ?? annotations["description"]?.GetValue<string>() ?? "";
        string[] cells =
        [
            a["id"]?.ToJsonString() ?? "",
            a["alertname"]?.GetValue<string>() is { Length: > 0 } name ? name : "<none>",
            labels.GetValueOrDefault("severity") is { Length: > 0 } severity ? severity : "<none>",
            a["status"]?.GetValue<string>() ?? "",
            subject?.Namespace ?? (subject is null ? labels.GetValueOrDefault("namespace", "") : ""),
            subject is null ? "" : $"{subject.Type.Kind.ToLowerInvariant()}/{subject.Name}",
            started,
            a["acknowledgedBy"]?.GetValue<string>() ?? "",
            summary.ReplaceLineEndings(" "),
        ];
        return withResolver ? [.. cells[..^1], a["resolvedBy"]?.GetValue<string>() ?? "", cells[^1]] : cells;
    }
}
