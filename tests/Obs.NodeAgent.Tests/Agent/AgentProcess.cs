using System.Diagnostics;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Agent;

/// <summary>The agent as its own process, the natively compiled <c>obs-agent</c> that <c>obs up</c> runs, and waiting on what it does.</summary>
internal static class AgentProcess
{
    public static Process Start(string kubeconfig, string node, string state)
    {
        var start = new ProcessStartInfo(NativeAgent.Executable, ["--kubeconfig", kubeconfig, "--name", node, "--port", "0", "--state-dir", state, "--address", "127.0.0.1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task WaitAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(200);
        }
        Assert.Fail($"timed out waiting for {what}");
    }
}
