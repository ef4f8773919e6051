using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Obs.Bench.Benchmarks;
using Obs.Bench.Processes;

namespace Obs.Bench.Load;

/// <summary>
/// What a benchmark that waited in vain for its pods can say about them: which of the pods it
/// created the apiserver's LIST (served from its watch cache) lacks, what a GET (read from
/// PostgreSQL) finds for those, how many revisions the change feed passed over as never written,
/// and the change feed's lines in the apiserver's log. Under heavy load a pod or two once went
/// missing from the cache this way (a writer with a later transaction id but an earlier revision
/// was taken as ended; see InFlightWriters); should it recur, this is the evidence.
/// </summary>
internal static class WatchCacheAudit
{
    public static async Task<string> DescribeAsync(HttpClient client, ApiServerChild apiserver, int pods, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        try
        {
            var path = $"/api/v1/namespaces/{BenchContext.Namespace}/pods";
            var listed = new HashSet<string>(StringComparer.Ordinal);
            using (var list = JsonDocument.Parse(await client.GetStringAsync(path, cancellationToken)))
            {
                foreach (var item in list.RootElement.GetProperty("items").EnumerateArray())
                    listed.Add(item.GetProperty("metadata").GetProperty("name").GetString()!);
            }
            var missing = Enumerable.Range(0, pods).Select(PodManifests.PodName).Where(n => !listed.Contains(n)).ToList();
            text.Append(CultureInfo.InvariantCulture, $"the apiserver's LIST has {listed.Count} of the {pods} pods created");
            foreach (var name in missing.Take(5))
            {
                using var response = await client.GetAsync($"{path}/{name}", cancellationToken);
                var found = response.StatusCode == HttpStatusCode.OK
                    ? "resourceVersion " + JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()
                    : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture, $"; {name}: not in the LIST, a GET finds {found}");
            }
            const string skipped = "obs_change_feed_skipped_revisions_total";
            text.Append(CultureInfo.InvariantCulture, $"; {skipped} {(await ServerMetrics.ReadAsync(client, cancellationToken)).Value(skipped)?.ToString(CultureInfo.InvariantCulture) ?? "not reported"}");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException)
        {
            text.Append(CultureInfo.InvariantCulture, $"; the audit itself failed: {e.Message}");
        }
        var feed = apiserver.LogLines(l => l.Contains("change feed", StringComparison.OrdinalIgnoreCase)).TakeLast(10).ToList();
        text.Append("\nthe change feed's log lines: ").Append(feed.Count == 0 ? "none" : string.Join('\n', feed));
        return text.ToString();
    }
}
