using Microsoft.Extensions.Logging;

namespace Obs.NodeAgent.Logging;

/// <summary>One category of a <see cref="LineLoggerFactory"/>: <c>level: category[event id] message exception</c> on one line.</summary>
internal sealed class LineLogger(string category, LineLoggerFactory factory) : ILogger
{
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= factory.MinimumLevel;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        ArgumentNullException.ThrowIfNull(formatter);
        var message = formatter(state, exception);
        // As the console logger's single-line mode: the exception (its stack trace too) follows the message, newlines made spaces.
        var line = $"{Level(logLevel)}: {category}[{eventId.Id}] {message}{(exception is null ? "" : " " + exception)}";
        factory.Write(line.ReplaceLineEndings(" "));
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}
