using Microsoft.Extensions.Logging;
using Obs.NodeAgent.Logging;

namespace Obs.NodeAgent.Tests.Logging;

/// <summary>The agent's log lines: the console logger's single-line format, below the minimum level nothing.</summary>
public sealed class LineLoggerFactoryTests
{
    [Fact]
    public void AnEntryIsOneLineWithLevelCategoryEventIdAndMessage()
    {
        var output = new StringWriter();
        using (var loggers = new LineLoggerFactory(output, LogLevel.Information))
        {
            loggers.CreateLogger("Obs.NodeAgent").Log(LogLevel.Information, new EventId(1), "node {Name} registered", "n1");
        }
        Assert.Equal("info: Obs.NodeAgent[1] node n1 registered" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void AnExceptionFollowsTheMessageOnTheSameLine()
    {
        var output = new StringWriter();
        var loggers = new LineLoggerFactory(output, LogLevel.Information);
        Exception error;
        try { throw new IOException("Address already in use\nsecond line"); }
        catch (IOException e) { error = e; }
        loggers.CreateLogger("Obs.ServiceProxy").LogWarning(new EventId(3), error, "Cannot listen on {Address}", "127.77.0.1:443");

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("warn: Obs.ServiceProxy[3] Cannot listen on 127.77.0.1:443 System.IO.IOException: Address already in use second line", line);
        Assert.Contains(nameof(AnExceptionFollowsTheMessageOnTheSameLine), line);
    }

    [Theory]
    [InlineData(LogLevel.Debug, "")]
    [InlineData(LogLevel.Error, "fail: c[0] broken")]
    [InlineData(LogLevel.Critical, "crit: c[0] broken")]
    public void EntriesBelowTheMinimumLevelAreNotWritten(LogLevel level, string expected)
    {
        var output = new StringWriter();
        var logger = new LineLoggerFactory(output, LogLevel.Information).CreateLogger("c");
        logger.Log(level, "broken");
        Assert.Equal(expected, output.ToString().TrimEnd());
        Assert.Equal(expected.Length > 0, logger.IsEnabled(level));
        Assert.False(logger.IsEnabled(LogLevel.None));
    }
}
