using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Obs.NodeAgent.Tests.PortForward;

/// <summary>
/// A running <c>kubectl port-forward</c>, started as a user types it with a random local port
/// (<c>:PORT</c>): ready once kubectl prints "Forwarding from 127.0.0.1:N -> PORT"; stopped (this
/// process only) when disposed. Its standard error is kept, for the errors kubectl prints.
/// </summary>
internal sealed partial class KubectlPortForward : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private KubectlPortForward(Process process)
    {
        _process = process;
    }

    public int LocalPort { get; private set; }

    public string StdErr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public static async Task<KubectlPortForward> StartAsync(string kubeconfig, string cacheDir, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", cacheDir, "port-forward", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in environment) start.Environment[k] = v;
        var forward = new KubectlPortForward(Process.Start(start)!);
        forward._process.OutputDataReceived += (_, e) => forward.Output(e.Data);
        forward._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (forward._stderr) forward._stderr.AppendLine(e.Data);
        };
        forward._process.BeginOutputReadLine();
        forward._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exited = forward._process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(forward._ready.Task, exited);
        if (first != forward._ready.Task)
        {
            await forward.DisposeAsync();
            throw new InvalidOperationException($"kubectl port-forward {string.Join(' ', args)} did not start forwarding: {forward._stdout}{forward.StdErr}");
        }
        forward.LocalPort = await forward._ready.Task;
        return forward;
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
        if (Forwarding().Match(line) is { Success: true } match) _ready.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^Forwarding from 127\.0\.0\.1:(\d+) ->")]
    private static partial Regex Forwarding();

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
