using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.EndToEnd.Tests.Kubectl;

/// <summary>kubectl's watch, selectors, paging and describe against an Obs apiserver.</summary>
public sealed class KubectlWatchAndSelectTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task GetWatchPrintsAddedModifiedDeletedInOrder()
    {
        await cluster.KubectlOkAsync("create", "namespace", "watched");
        // kubectl prints the table header with the first row: one object before the watch starts shows it is listening.
        await cluster.KubectlOkAsync("-n", "watched", "create", "configmap", "w0", "--from-literal=a=0");
        var lines = new List<string>();
        var start = new ProcessStartInfo("kubectl", ["--kubeconfig", cluster.Kubeconfig, "-n", "watched", "get", "configmaps", "-w", "--output-watch-events"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var kubectl = Process.Start(start)!;
        kubectl.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        kubectl.BeginOutputReadLine();
        kubectl.BeginErrorReadLine();
        try
        {
            await WaitForAsync(lines, l => l.StartsWith("EVENT", StringComparison.Ordinal), "the table header");
            await cluster.KubectlOkAsync("-n", "watched", "create", "configmap", "w1", "--from-literal=a=1");
            await cluster.KubectlOkAsync("-n", "watched", "patch", "configmap", "w1", "--type=merge", "-p", """{"data":{"b":"2"}}""");
            await cluster.KubectlOkAsync("-n", "watched", "delete", "configmap", "w1");
            await WaitForAsync(lines, l => l.StartsWith("DELETED", StringComparison.Ordinal), "the DELETED event");
        }
        finally
        {
            kubectl.Kill(entireProcessTree: true);
            await kubectl.WaitForExitAsync();
        }
        List<string> events;
        lock (lines) events = lines.Where(l => l.Contains(" w1 ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(l => l.Split(' ')[0]));
        // The Table watch carries kubectl's columns: DATA goes from 1 to 2.
        Assert.Matches(@"^ADDED\s+w1\s+1\s", events[0]);
        Assert.Matches(@"^MODIFIED\s+w1\s+2\s", events[1]);
    }

    [Fact]
    public async Task SetBasedLabelSelectorsSelectAsKubernetesDoes()
    {
        await cluster.KubectlOkAsync("create", "namespace", "labels");
        foreach (var (name, labels) in new[] { ("a", "tier=web,env=prod"), ("b", "tier=db,env=prod"), ("c", "tier=web,env=dev,canary=true"), ("d", "env=test") })
        {
            await cluster.KubectlOkAsync("-n", "labels", "create", "configmap", name);
            await cluster.KubectlOkAsync(["-n", "labels", "label", "configmap", name, .. labels.Split(',')]);
        }
        async Task<string> Select(string selector) =>
            string.Join(",", (await cluster.KubectlOkAsync("-n", "labels", "get", "cm", "-l", selector, "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(n => n["configmap/".Length..]).Order());
        Assert.Equal("a,c", await Select("tier=web"));
        Assert.Equal("a,b,c", await Select("tier in (web,db)"));
        Assert.Equal("a,b", await Select("tier in (web,db),env notin (dev,test),!canary"));
        Assert.Equal("b", await Select("tier in (web,db),env==prod,tier!=web"));
        Assert.Equal("c", await Select("canary"));
        Assert.Equal("b,d", await Select("tier!=web"));
        var bad = await cluster.KubectlAsync("-n", "labels", "get", "cm", "-l", "tier in (web");
        Assert.Contains("unable to parse requirement", bad.StdErr);
    }

    [Fact]
    public async Task ChunkedListsReturnEveryObjectOnce()
    {
        await cluster.KubectlOkAsync("create", "namespace", "paged");
        for (var i = 0; i < 12; i++) await cluster.KubectlOkAsync("-n", "paged", "create", "configmap", $"p{i:00}");
        var names = (await cluster.KubectlOkAsync("-n", "paged", "get", "cm", "--chunk-size=5", "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"configmap/p{i:00}"), names.Where(n => n.StartsWith("configmap/p", StringComparison.Ordinal)));
        var (_, page) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/paged/configmaps?limit=5");
        Assert.Equal(5, page!["items"]!.AsArray().Count);
        Assert.False(string.IsNullOrEmpty(page["metadata"]!["continue"]?.GetValue<string>()));
    }

    [Fact]
    public async Task DescribeShowsTheObjectsEvents()
    {
        await cluster.KubectlOkAsync("create", "namespace", "described");
        var pod = JsonNode.Parse(await cluster.KubectlOkAsync("-n", "described", "run", "lonely", "--image=busybox:1.36", "-o", "json", "--command", "--", "sleep", "3600"))!;
        var uid = pod["metadata"]!["uid"]!.GetValue<string>();
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var evt = $$"""
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"lonely.1","namespace":"described"},
             "involvedObject":{"kind":"Pod","namespace":"described","name":"lonely","uid":"{{uid}}","apiVersion":"v1"},
             "reason":"FailedScheduling","message":"0/0 nodes are available: no nodes yet","type":"Warning",
             "source":{"component":"obs-test"},"firstTimestamp":"{{now}}","lastTimestamp":"{{now}}","count":1}
            """;
        var (code, _) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/described/events", evt);
        Assert.Equal(201, code);
        var described = await cluster.KubectlOkAsync("-n", "described", "describe", "pod", "lonely");
        Assert.Contains("Name:", described);
        Assert.Contains("lonely", described);
        Assert.Contains("FailedScheduling", described);
        Assert.Contains("0/0 nodes are available: no nodes yet", described);
        var events = await cluster.KubectlOkAsync("-n", "described", "get", "events");
        Assert.Contains("pod/lonely", events);
    }

    private static async Task WaitForAsync(List<string> lines, Func<string, bool> seen, string what)
    {
        for (var i = 0; i < 300; i++)
        {
            lock (lines) if (lines.Any(seen)) return;
            await Task.Delay(50);
        }
        string all;
        lock (lines) all = string.Join('\n', lines);
        throw new TimeoutException($"kubectl get -w did not print {what}; it printed:\n{all}");
    }
}
