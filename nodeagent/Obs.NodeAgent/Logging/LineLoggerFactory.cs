using Microsoft.Extensions.Logging;

namespace Obs.NodeAgent.Logging;

/// <summary>
/// Loggers that write each entry as one line, in the console logger's single-line format
/// (<c>warn: Obs.ServiceProxy[3] Cannot listen on … retrying later</c>), for the long-running commands
/// whose output <c>obs up</c> keeps as their log.
/// </summary>
/// <remarks>
/// Not <c>LoggerFactory.Create(l =&gt; l.AddSimpleConsole())</c>: that builds a dependency-injection container,
/// options bound from configuration and a queue thread, and loads their assemblies, which an idle node agent
/// keeps mapped for its whole life. A line is written synchronously: these commands log a few lines a minute.
/// </remarks>
internal sealed class LineLoggerFactory(TextWriter output, LogLevel minimumLevel) : ILoggerFactory
{
    /// <summary>Standard output, as the console logger writes by default.</summary>
    public static LineLoggerFactory Console(LogLevel minimumLevel) => new(System.Console.Out, minimumLevel);

    public LogLevel MinimumLevel => minimumLevel;

    public ILogger CreateLogger(string categoryName) => new LineLogger(categoryName, this);

    /// <summary>Writes one whole line (the writer's lock keeps lines from interleaving; Console.Out takes one).</summary>
    internal void Write(string line)
    {
        lock (output)
        {
            output.WriteLine(line);
        }
    }

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("a LineLoggerFactory writes its own lines; it takes no providers");

    public void Dispose() => output.Flush();
}
