using Obs.Exporter.Exposition;

namespace Obs.Exporter.Tests.Exposition;

public sealed class AcceptHeaderTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    [InlineData("text/plain; version=0.0.4")]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")]
    public void ServesTheTextFormatByDefault(string? accept) =>
        Assert.Equal(ExpositionFormat.PrometheusText, AcceptHeader.Negotiate(accept));

    [Theory]
    // What Prometheus 2.x sends.
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")]
    // What Prometheus 3.x sends by default.
    [InlineData("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1")]
    [InlineData("application/openmetrics-text")]
    [InlineData("Application/OpenMetrics-Text; Version=\"1.0.0\"")]
    public void ServesOpenMetricsWhenItIsPreferred(string accept) =>
        Assert.Equal(ExpositionFormat.OpenMetrics, AcceptHeader.Negotiate(accept));

    [Theory]
    [InlineData("text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5")]
    [InlineData("text/plain,application/openmetrics-text")]
    [InlineData("application/openmetrics-text;version=0.0.1,text/plain;version=0.0.4;q=0.5")]
    [InlineData("application/openmetrics-text;version=2.0.0")]
    [InlineData("application/openmetrics-text;q=0,text/plain;q=0.1")]
    public void ServesTheTextFormatWhenItIsPreferredOrOpenMetricsIsNotAcceptable(string accept) =>
        Assert.Equal(ExpositionFormat.PrometheusText, AcceptHeader.Negotiate(accept));

    [Fact]
    public void ContentTypesNameVersionAndCharset()
    {
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", ContentTypes.For(ExpositionFormat.PrometheusText));
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", ContentTypes.For(ExpositionFormat.OpenMetrics));
    }
}
