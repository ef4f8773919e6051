using System.Text;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.Tests.Exposition;

public sealed class PrometheusNumberTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(0.005, "0.005")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.000015, "1.5e-05")]
    [InlineData(2.5, "2.5")]
    [InlineData(100000.0, "100000")]
    [InlineData(999999.0, "999999")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(16579551232.0, "1.6579551232e+10")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e100, "1e+100")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(123.456, "123.456")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void FormatsFloatsAsGoDoesForTheTextFormat(double value, string expected) =>
        Assert.Equal(expected, Format(value, openMetrics: false));

    [Theory]
    [InlineData(0.0, "0.0")]
    [InlineData(1.0, "1.0")]
    [InlineData(-1.0, "-1.0")]
    [InlineData(10.0, "10.0")]
    [InlineData(0.25, "0.25")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NaN, "NaN")]
    public void FormatsFloatsCanonicallyForOpenMetrics(double value, string expected) =>
        Assert.Equal(expected, Format(value, openMetrics: true));

    [Fact]
    public void NegativeZeroKeepsItsSignOnlyInTheTextFormat()
    {
        Assert.Equal("-0", Format(-0.0, openMetrics: false));
        Assert.Equal("0.0", Format(-0.0, openMetrics: true));
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-42L, "-42")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    public void FormatsIntegersInFull(long value, string expected)
    {
        Span<byte> buffer = stackalloc byte[PrometheusNumber.MaxLength];
        var length = PrometheusNumber.Format(value, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..length]));
    }

    private static string Format(double value, bool openMetrics)
    {
        Span<byte> buffer = stackalloc byte[PrometheusNumber.MaxLength];
        var length = PrometheusNumber.Format(value, buffer, openMetrics);
        return Encoding.ASCII.GetString(buffer[..length]);
    }
}
