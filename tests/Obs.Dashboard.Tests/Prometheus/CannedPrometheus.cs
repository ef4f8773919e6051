using System.Net;
using System.Text;
using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard.Tests.Prometheus;

/// <summary>
/// A Prometheus that answers every range query with one series of two points (1, then 2) and
/// every instant query with 0.0025, noting each query it was asked so tests can check the PromQL.
/// </summary>
public sealed class CannedPrometheus(List<string> queries) : HttpMessageHandler
{
    public static PrometheusClient Client(List<string> queries) => new(new HttpClient(new CannedPrometheus(queries)), new Uri("http://prometheus.test/"));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var form = request.Content is null ? request.RequestUri!.Query : await request.Content.ReadAsStringAsync(cancellationToken);
        var query = WebUtility.UrlDecode(form);
        lock (queries) queries.Add(query);
        var body = request.RequestUri!.AbsolutePath.EndsWith("query_range", StringComparison.Ordinal)
            ? """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1764900000,"1"],[1764900060,"2"]]}]}}"""
            : """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1764900060,"0.0025"]}]}}""";
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
