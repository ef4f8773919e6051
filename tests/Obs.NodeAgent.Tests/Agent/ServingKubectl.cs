using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Obs.NodeAgent.Tests.Agent;

/// <summary>
/// A kubectl command that keeps running and serves a local port, as a user leaves <c>kubectl port-forward</c> or
/// <c>kubectl proxy</c> running: ready once a line of its standard output gives the port (the first group of
/// <c>serving</c>); stopped (this process only) when disposed. Its standard error is kept, for the errors kubectl
/// prints while it runs.
/// </summary>
internal sealed class ServingKubectl : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Regex _serving;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServingKubectl(Process process, Regex serving)
    {
        _process = process;
        _serving = serving;
    }

    /// <summary>The local port kubectl serves on.</summary>
    public int Port { get; private set; }

    public string StdErr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public static async Task<ServingKubectl> StartAsync(string kubeconfig, string cacheDir, IReadOnlyDictionary<string, string> environment, Regex serving, params string[] args)
    {
        var start = new ProcessStartInfo("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", cacheDir, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in environment) start.Environment[k] = v;
        var kubectl = new ServingKubectl(Process.Start(start)!, serving);
        kubectl._process.OutputDataReceived += (_, e) => kubectl.Output(e.Data);
        kubectl._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (kubectl._stderr) kubectl._stderr.AppendLine(e.Data);
        };
        kubectl._process.BeginOutputReadLine();
        kubectl._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var first = await Task.WhenAny(kubectl._ready.Task, kubectl._process.WaitForExitAsync(timeout.Token));
        if (first != kubectl._ready.Task)
        {
            await kubectl.DisposeAsync();
            string stdout;
            lock (kubectl._stdout) stdout = kubectl._stdout.ToString();
            throw new InvalidOperationException($"kubectl {string.Join(' ', args)} did not start serving: {stdout}{kubectl.StdErr}");
        }
        kubectl.Port = await kubectl._ready.Task;
        return kubectl;
    }

    /// <summary>Waits until kubectl's standard error holds <paramref name="text"/>, or fails with what it does hold.</summary>
    public async Task WaitForErrorAsync(string text)
    {
        for (var i = 0; i < 300 && !StdErr.Contains(text, StringComparison.Ordinal); i++) await Task.Delay(100);
        Assert.True(StdErr.Contains(text, StringComparison.Ordinal), $"kubectl never printed \"{text}\"; it printed:\n{StdErr}");
    }

    private void Output(string? line)
    {
        if (line is null) return;
        lock (_stdout) _stdout.AppendLine(line);
        if (_serving.Match(line) is { Success: true } match) _ready.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

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
