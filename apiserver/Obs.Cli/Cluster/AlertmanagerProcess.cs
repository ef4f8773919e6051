using System.Diagnostics;
using System.Text;

namespace Obs.Cli.Cluster;

/// <summary>Alertmanager as a child of this process (tests, foreground runs): started, waited for, and stopped by its PID.</summary>
public sealed class AlertmanagerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AlertmanagerProcess(Process process, AlertmanagerLaunch launch)
    {
        _process = process;
        Launch = launch;
    }

    public AlertmanagerLaunch Launch { get; }
    public string Url => Launch.Url;
    public int Pid => _process.Id;

    /// <summary>What Alertmanager logged so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static async Task<AlertmanagerProcess> StartAsync(string binary, AlertmanagerLaunch launch, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(launch.StorageDirectory);
        var start = new ProcessStartInfo(binary, launch.Arguments())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        var am = new AlertmanagerProcess(process, launch);
        process.OutputDataReceived += (_, e) => am.Append(e.Data);
        process.ErrorDataReceived += (_, e) => am.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!await launch.WaitReadyAsync(() => !process.HasExited, TimeSpan.FromSeconds(60), cancellationToken))
        {
            await am.DisposeAsync();
            throw new InvalidOperationException($"Alertmanager did not become ready at {launch.Url}:\n{am.Output}");
        }
        return am;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
