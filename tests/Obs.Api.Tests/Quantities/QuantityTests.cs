using System.Text.Json.Nodes;
using Obs.Api.Quantities;

namespace Obs.Api.Tests.Quantities;

public class QuantityTests
{
    [Theory]
    [InlineData("100m", "100m")]
    [InlineData("0.5", "500m")]
    [InlineData("1000m", "1")]
    [InlineData("1.5", "1500m")]
    [InlineData("1.0", "1")]
    [InlineData("128Mi", "128Mi")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1536Mi", "1536Mi")]
    [InlineData("1.5Ki", "1536")]
    [InlineData("0.5Ki", "512")]
    [InlineData("2Ki", "2Ki")]
    [InlineData("1000Ki", "1000Ki")]
    [InlineData("1G", "1G")]
    [InlineData("1000M", "1G")]
    [InlineData("1500", "1500")]
    [InlineData("1000", "1k")]
    [InlineData("1e3", "1e3")]
    [InlineData("1.5e3", "1500")]
    [InlineData("1E6", "1E6")]
    [InlineData("1.0e3", "1e3")]
    [InlineData("1E", "1E")]
    [InlineData("0", "0")]
    [InlineData("00", "0")]
    [InlineData("-100m", "-100m")]
    [InlineData("+1", "+1")]
    [InlineData("0.0000000001", "1n")]
    [InlineData("1u", "1u")]
    [InlineData("12Gi", "12Gi")]
    [InlineData("2048Mi", "2Gi")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("0.1Gi", "107374182400m")]
    [InlineData("12e-1", "1200e-3")]
    [InlineData("05", "05")]
    public void PrintsKubernetesCanonicalForm(string text, string canonical)
    {
        Assert.Equal(canonical, Quantity.Parse(text).ToString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5.5")]
    [InlineData("1 Gi")]
    [InlineData("")]
    public void RejectsMalformedStringsWithKubernetesMessage(string text)
    {
        Assert.False(Quantity.TryParse(text, out _, out var error));
        Assert.Equal("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", error);
    }

    [Theory]
    [InlineData("1K")]
    [InlineData("1e")]
    [InlineData("1Mii")]
    public void RejectsUnknownSuffixes(string text)
    {
        Assert.False(Quantity.TryParse(text, out _, out var error));
        Assert.Equal("unable to parse quantity's suffix", error);
    }

    [Fact]
    public void ComparesAcrossFormatsExactly()
    {
        Assert.Equal(Quantity.Parse("1Gi"), Quantity.Parse("1073741824"));
        Assert.True(Quantity.Parse("500m") < Quantity.Parse("1"));
        Assert.True(Quantity.Parse("0.1") + Quantity.Parse("0.2") == Quantity.Parse("300m"));
        Assert.Equal(0, Quantity.Parse("1k").CompareTo(Quantity.Parse("1e3")));
    }

    [Fact]
    public void AddingKeepsTheLeftFormat()
    {
        Assert.Equal("1536Mi", (Quantity.Parse("1Gi") + Quantity.Parse("512Mi")).ToString());
        Assert.Equal("1500m", (Quantity.Parse("1") + Quantity.Parse("500m")).ToString());
        Assert.Equal("1Gi", (Quantity.Zero + Quantity.Parse("1Gi")).ToString());
        Assert.Equal("-500m", (Quantity.Parse("0") - Quantity.Parse("500m")).ToString());
    }

    [Fact]
    public void ConvertsToMilliAndUnitsRoundingUp()
    {
        Assert.Equal(100, Quantity.Parse("100m").MilliValue);
        Assert.Equal(1, Quantity.Parse("1n").MilliValue);
        Assert.Equal(1, Quantity.Parse("100m").Value);
        Assert.Equal(-1, Quantity.Parse("-100m").Value);
        Assert.Equal(134217728, Quantity.Parse("128Mi").Value);
        Assert.Equal(1000000000, Quantity.Parse("1G").Value);
        Assert.Equal(0.5m, Quantity.Parse("500m").ToDecimal());
        Assert.Equal(0.25, Quantity.Parse("250m").ToDouble());
    }

    [Fact]
    public void ReadsJsonStringsAndNumbers()
    {
        Assert.True(Quantity.TryFromJson(JsonValue.Create(0.5), out var half, out _));
        Assert.Equal("500m", half.ToString());
        Assert.True(Quantity.TryFromJson(JsonValue.Create(" 2Gi "), out var two, out _));
        Assert.Equal("2Gi", two.ToString());
        Assert.False(Quantity.TryFromJson(new JsonObject(), out _, out _));
    }

    [Fact]
    public void FactoriesBuildExactValues()
    {
        Assert.Equal("250m", Quantity.FromMilli(250).ToString());
        Assert.Equal("1Gi", Quantity.FromInt(1 << 30, QuantityFormat.BinarySI).ToString());
        Assert.Equal("2", Quantity.FromInt(2).ToString());
    }

    [Fact]
    public void HugeExponentsDoNotExplode()
    {
        Assert.Equal("1e-9", Quantity.Parse("1e-5000").ToString());
        Assert.Equal("1n", Quantity.Parse("0.00000000000001").ToString());
        Assert.False(Quantity.TryParse("1e5000", out _, out _));
    }
}
