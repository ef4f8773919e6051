using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Obs.NodeAgent.Tests.Proxy;

/// <summary>
/// A running <c>kubectl proxy --port=0</c>, as a user starts it to reach the API from a browser: ready once
/// kubectl prints "Starting to serve on 127.0.0.1:N"; stopped (this process only) when disposed.
/// </summary>
internal sealed partial class KubectlProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private KubectlProxy(Process process) => _process = process;

    public int Port { get; private set; }

    public static async Task<KubectlProxy> StartAsync(string kubeconfig, string cacheDir)
    {
        var start = new ProcessStartInfo("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", cacheDir, "proxy", "--port=0", "--address=127.0.0.1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var proxy = new KubectlProxy(Process.Start(start)!);
        proxy._process.OutputDataReceived += (_, e) => proxy.Output(e.Data);
        proxy._process.ErrorDataReceived += (_, e) => proxy.Output(e.Data);
        proxy._process.BeginOutputReadLine();
        proxy._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var first = await Task.WhenAny(proxy._ready.Task, proxy._process.WaitForExitAsync(timeout.Token));
        if (first != proxy._ready.Task)
        {
            await proxy.DisposeAsync();
            lock (proxy._output) throw new InvalidOperationException($"kubectl proxy did not start serving: {proxy._output}");
        }
        proxy.Port = await proxy._ready.Task;
        return proxy;
    }

    private void Output(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (Serving().Match(line) is { Success: true } match) _ready.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"Starting to serve on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Serving();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
