using System.Collections;
using System.Text;
using Obs.NodeAgent.Native;
using Obs.NodeAgent.Runtime;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Agent;

/// <summary>
/// The real kubectl on a pseudo-terminal of its own, as in a user's shell: kubectl asks for a TTY
/// (<c>-t</c>) only when its stdin is a terminal, puts that terminal in raw mode and sends its size and
/// every change of it. The test reads what the terminal shows, types into it and resizes it.
/// </summary>
internal sealed class KubectlOnTerminal : IAsyncDisposable
{
    private readonly PseudoTerminal _terminal;
    private readonly StringBuilder _shown = new();
    private readonly Lock _gate = new();
    private readonly Task _reader;
    private readonly CancellationTokenSource _stop = new();
    private readonly int _pid;

    private KubectlOnTerminal(TestCluster cluster, ushort columns, ushort rows, string[] args)
    {
        _terminal = PseudoTerminal.Open();
        _terminal.Resize(columns, rows);
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string>((string)e.Key, (string?)e.Value ?? "")).ToList();
        var kubectl = ContainerLaunch.FindExecutable("kubectl", environment, null) ?? throw new InvalidOperationException("kubectl is not on PATH");
        var cache = Path.Combine(Path.GetDirectoryName(cluster.Kubeconfig)!, "kubectl-cache");
        try
        {
            _pid = Spawner.Spawn(new SpawnRequest(kubectl, [kubectl, "--kubeconfig", cluster.Kubeconfig, "--cache-dir", cache, .. args],
                environment.Select(e => $"{e.Key}={e.Value}").ToList(), "/dev/null", "/dev/null", Libc.O_WRONLY, null, 0, TerminalFd: _terminal.SlaveFd));
        }
        finally
        {
            _terminal.CloseSlave();
        }
        Exited = ChildWaiter.WaitAsync(_pid);
        _reader = _terminal.ReadAllAsync(data =>
        {
            lock (_gate) _shown.Append(Encoding.UTF8.GetString(data.Span));
            return Task.CompletedTask;
        }, _stop.Token);
    }

    public static KubectlOnTerminal Start(TestCluster cluster, ushort columns, ushort rows, params string[] args) => new(cluster, columns, rows, args);

    public Task<WaitStatus> Exited { get; }

    public string Shown
    {
        get { lock (_gate) return _shown.ToString(); }
    }

    /// <summary>Waits until the terminal has shown <paramref name="text"/>; fails with what it showed.</summary>
    public async Task WaitForAsync(string text, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!Shown.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"the terminal never showed \"{text}\"; it showed:\n{Shown}");
            if (Exited.IsCompleted && !Shown.Contains(text, StringComparison.Ordinal))
            {
                await Task.Delay(200); // what kubectl wrote last may still be on its way
                if (!Shown.Contains(text, StringComparison.Ordinal)) Assert.Fail($"kubectl ended (status {(await Exited).ReportedExitCode}) without showing \"{text}\":\n{Shown}");
            }
            await Task.Delay(50);
        }
    }

    public Task TypeAsync(string text) => _terminal.WriteAsync(Encoding.UTF8.GetBytes(text), CancellationToken.None);

    /// <summary>Sets the window size; the kernel tells kubectl with SIGWINCH, as a terminal emulator's resize does.</summary>
    public void Resize(ushort columns, ushort rows) => _terminal.Resize(columns, rows);

    public async Task<int> ExitCodeAsync(int seconds = 60)
    {
        if (await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(seconds))) != Exited)
            Assert.Fail($"kubectl did not end; the terminal showed:\n{Shown}");
        await Task.WhenAny(_reader, Task.Delay(TimeSpan.FromSeconds(2)));
        return (await Exited).ReportedExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Exited.IsCompleted) Libc.kill(_pid, Libc.SIGKILL);
        await Exited;
        await _stop.CancelAsync();
        await _reader;
        _terminal.Dispose();
        _stop.Dispose();
    }
}
