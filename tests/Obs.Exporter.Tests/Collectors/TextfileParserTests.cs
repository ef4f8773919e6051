using Obs.Exporter.Collectors;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.Tests.Collectors;

public sealed class TextfileParserTests
{
    [Fact]
    public void HelpTypeLabelsEscapesAndSpecialValues()
    {
        var families = TextfileParser.Parse("""
            # A comment that is neither HELP nor TYPE.
            # HELP disk_label A help with a \\ and a \n newline.
            # TYPE disk_label gauge
            disk_label{path="C:\\dir",quote="say \"hi\"",line="a\nb",} +Inf
              disk_label { path = "d" } NaN
            other -1.5e3
            """);

        Assert.Equal(["disk_label", "other"], families.Select(family => family.Name));
        var disk = families[0];
        Assert.Equal("A help with a \\ and a \n newline.", disk.Help);
        Assert.Equal(TextfileType.Gauge, disk.Type);
        Assert.Equal([new Label("path", "C:\\dir"), new Label("quote", "say \"hi\""), new Label("line", "a\nb")], disk.Samples[0].Labels);
        Assert.Equal(double.PositiveInfinity, disk.Samples[0].Value);
        Assert.True(double.IsNaN(disk.Samples[1].Value));
        Assert.Equal(TextfileType.Untyped, families[1].Type);
        Assert.Null(families[1].Help);
        Assert.Equal(-1500, families[1].Samples[0].Value);
    }

    [Theory]
    [InlineData("metric", "line 1: sample 'metric' has no value")]
    [InlineData("metric{a=\"b\" 1", "line 1: expected ',' or '}' after a label")]
    [InlineData("metric{a=b} 1", "line 1: value of label 'a' is not quoted")]
    [InlineData("metric{a=\"b\",a=\"c\"} 1", "line 1: label 'a' given twice")]
    [InlineData("metric one", "line 1: expected a float as value, got 'one'")]
    [InlineData("metric 1 1700000000000", "line 1: sample 'metric' has a timestamp, which text files may not have")]
    [InlineData("# TYPE metric gauge\n# TYPE metric gauge", "line 2: second TYPE line for metric name 'metric'")]
    [InlineData("metric 1\n# TYPE metric gauge", "line 2: TYPE line for 'metric' after its samples")]
    [InlineData("# TYPE metric histogram\nmetric_bucket 1", "line 2: bucket of histogram 'metric' has no le label")]
    [InlineData("# TYPE metric stateset", "line 1: unknown metric type 'stateset'")]
    [InlineData("9metric 1", "line 1: invalid metric name in '9metric 1'")]
    public void MalformedInputNamesTheLine(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => TextfileParser.Parse(text)).Message);
}
