using System.Globalization;
using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.EndToEnd.Tests.ObsCommand;

/// <summary>
/// Alerts as the on-call meets them, on the cluster `obs up` runs: Prometheus (1 s interval) and
/// Alertmanager from Debian, the rules of alerts/rules with their `for:` shortened by the test
/// override, and the receiver in the apiserver storing what Alertmanager delivers.
/// </summary>
[Collection(AlertingCollection.Name)]
public sealed class AlertingEndToEndTests(ObsUpCluster cluster) : IDisposable
{
    private readonly ReceiverAlerts _receiver = new(cluster);

    public void Dispose() => _receiver.Dispose();

    [Fact]
    public async Task ACrashLoopingPodReachesTheReceiverOnceAndAStoppedAgentPagesAndItsNodeTurnsUnreachable()
    {
        // The namespace's team label rides on its alerts (Alertmanager routes by it).
        var label = await cluster.KubectlAsync("label", "namespace", "default", "team=payments");
        Assert.True(label.ExitCode == 0, label.ToString());
        var run = await cluster.KubectlAsync("run", "crasher", "--image=busybox:1.36", "--restart=Always", "--command", "--", "sh", "-c", "exit 3");
        Assert.True(run.ExitCode == 0, run.ToString());

        var firing = await _receiver.WaitForAsync("KubePodCrashLooping", a => a["labels"]?["pod"]?.GetValue<string>() == "crasher", "firing", TimeSpan.FromSeconds(150));
        Assert.Equal("default", firing["labels"]!["namespace"]!.GetValue<string>());
        Assert.Equal("payments", firing["labels"]!["team"]?.GetValue<string>());
        // And the pod's node, which a node-down alert inhibits by.
        var nodeName = (await cluster.KubectlAsync("get", "pod", "crasher", "-o", "jsonpath={.spec.nodeName}")).StdOut;
        Assert.Equal(nodeName, firing["labels"]!["node"]?.GetValue<string>());
        // Alertmanager repeats the group while it fires; the receiver keeps one row for it.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var rows = (await _receiver.ListAsync("firing")).Where(a => a["alertname"]!.GetValue<string>() == "KubePodCrashLooping" && a["labels"]!["pod"]?.GetValue<string>() == "crasher").ToList();
        Assert.Single(rows);
        // And the on-call was mailed, through the relay `obs up` was given.
        bool IsCrasher(ReceivedMail m, string status) => m.Header("Subject") == $"[{status}] KubePodCrashLooping: Pod default/crasher (warning)";
        var mail = await cluster.Mail.WaitForAsync(m => IsCrasher(m, "FIRING"));
        Assert.Equal(["oncall@example.com"], mail.To);

        // Fixing the pod (here: deleting it) resolves the alert: its pod-to-node join ends with the pod.
        // Waited for before the node goes down, because Alertmanager's node-down inhibition mutes the
        // pod alerts of that node, their resolution included (a resolution muted is never sent later).
        Assert.Equal(0, (await cluster.KubectlAsync("delete", "pod", "crasher", "--timeout=60s")).ExitCode);
        var resolved = await _receiver.WaitForAsync("KubePodCrashLooping", a => a["id"]!.GetValue<long>() == firing["id"]!.GetValue<long>(), "resolved", TimeSpan.FromMinutes(2));
        Assert.NotNull(resolved["resolvedAt"]);
        Assert.Equal("alertmanager", resolved["resolvedBy"]!.GetValue<string>());
        await cluster.Mail.WaitForAsync(m => IsCrasher(m, "RESOLVED"));
        Assert.Single(cluster.Mail.Received, m => IsCrasher(m, "FIRING"));

        // A node agent that stops answering pages as KubeletDown.
        var agentPidFile = Path.Combine(cluster.Home.Root, "run", "agent.pid");
        var agentPid = int.Parse(File.ReadAllText(agentPidFile).Trim(), CultureInfo.InvariantCulture);
        await new BackgroundProcess("agent", agentPidFile, Path.Combine(cluster.Home.Root, "logs", "agent.log")).StopAsync(TimeSpan.FromSeconds(15));
        Assert.False(Directory.Exists($"/proc/{agentPid}") && !File.ReadAllText($"/proc/{agentPid}/stat").Contains(") Z "), "the agent still runs");
        var down = await _receiver.WaitForAsync("KubeletDown", _ => true, "firing", TimeSpan.FromSeconds(90));
        Assert.Equal("critical", down["labels"]!["severity"]!.GetValue<string>());

        // 40 s without a Lease renewal: the node lifecycle controller marks the node Unknown and taints it unreachable.
        var unreachable = await _receiver.WaitForAsync("KubeNodeUnreachable", _ => true, "firing", TimeSpan.FromSeconds(120));
        var node = unreachable["labels"]!["node"]!.GetValue<string>();
        var nodeState = await cluster.KubectlAsync("get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status} {.spec.taints[*].key}");
        Assert.Equal("Unknown node.kubernetes.io/unreachable node.kubernetes.io/unreachable", nodeState.StdOut.Trim());
    }
}
