using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Obs.Testing;

/// <summary>
/// A logger factory that keeps the last lines logged by in-process components (controllers, the
/// scheduler), so a test that times out can say what they were doing instead of only what it saw.
/// </summary>
public sealed class RecentLog : ILoggerFactory
{
    private const int Kept = 200;
    private readonly ConcurrentQueue<string> _lines = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    /// <summary>The kept lines, oldest first, each with its time, level and source.</summary>
    public string Text(string? containing = null) =>
        string.Join('\n', _lines.Where(l => containing is null || l.Contains(containing, StringComparison.Ordinal)));

    private void Add(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > Kept) _lines.TryDequeue(out _);
    }

    private sealed class Logger(RecentLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
        }
    }
}
