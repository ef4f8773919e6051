using System.Net;
using System.Net.Sockets;
using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard.Tests.Prometheus;

public sealed class PrometheusClientTests
{
    [Fact]
    public async Task NotConfiguredSaysSo()
    {
        var client = new PrometheusClient(new HttpClient(), null);

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("up"));

        Assert.Equal("Prometheus is not configured.", error.Message);
    }

    [Fact]
    public async Task NothingListeningIsReportedAsUnreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = new PrometheusClient(new HttpClient(), new Uri($"http://127.0.0.1:{port}"));

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryRangeAsync("up", DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)));

        Assert.StartsWith($"Prometheus is unreachable at http://127.0.0.1:{port}/", error.Message);
    }

    [Fact]
    public async Task VectorAndMatrixAnswersBecomeSamplesAndSeries()
    {
        using var handler = new CannedHandler(request => request.RequestUri!.AbsolutePath.EndsWith("/query_range", StringComparison.Ordinal)
            ? """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"instance":"n1"},"values":[[1700000000,"0.5"],[1700000060,"NaN"]]}]}}"""
            : """{"status":"success","data":{"resultType":"vector","result":[{"metric":{"service":"web"},"value":[1700000000,"12.5"]}]}}""");
        var client = new PrometheusClient(new HttpClient(handler), new Uri("http://prometheus.test/prefix"));

        var samples = await client.QueryAsync("sum(x)");
        var series = await client.QueryRangeAsync("y", DateTimeOffset.FromUnixTimeSeconds(1700000000), DateTimeOffset.FromUnixTimeSeconds(1700000060), TimeSpan.FromMinutes(1));

        Assert.Equal("web", Assert.Single(samples).Label("service"));
        Assert.Equal(12.5, samples[0].Value);
        Assert.Equal([(1700000000.0, 0.5)], series[0].Points.Take(1));
        Assert.True(double.IsNaN(series[0].Points[1].Value));
        Assert.StartsWith("http://prometheus.test/prefix/api/v1/query?query=sum%28x%29", handler.Requests[0]);
    }

    [Fact]
    public async Task RefusedQueryCarriesPrometheussReason()
    {
        using var handler = new CannedHandler(_ => """{"status":"error","errorType":"bad_data","error":"parse error at char 5"}""", HttpStatusCode.BadRequest);
        var client = new PrometheusClient(new HttpClient(handler), new Uri("http://prometheus.test"));

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("sum(("));

        Assert.Equal("Prometheus refused the query: parse error at char 5", error.Message);
    }

    private sealed class CannedHandler(Func<HttpRequestMessage, string> body, HttpStatusCode code = HttpStatusCode.OK) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.ToString());
            return Task.FromResult(new HttpResponseMessage(code) { Content = new StringContent(body(request)) });
        }
    }
}
