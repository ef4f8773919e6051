using System.Buffers.Text;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.NodeAgent.Tests.Agent;
using Obs.NodeAgent.Volumes;

namespace Obs.NodeAgent.Tests.Volumes;

/// <summary>
/// Real pods on a real agent and apiserver: the service account files each container finds at
/// Kubernetes' path, the token in them used against the apiserver, and what turns them off.
/// </summary>
public sealed class ServiceAccountVolumeTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    private async Task AccountAsync(string ns, string name, bool? automount = null)
    {
        var sa = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns } };
        if (automount is { } on) sa["automountServiceAccountToken"] = on;
        await agent.Client.CreateAsync(ResourceTypes.ServiceAccount, sa);
    }

    private async Task<string> LogsAfterAsync(string ns, string pod)
    {
        await agent.WaitForPodAsync(ns, pod, p => AgentCluster.Phase(p) is "Succeeded" or "Failed", "finished");
        return await agent.Cluster.KubectlOkAsync("logs", pod, "-n", ns);
    }

    /// <summary>What a Kubernetes user writes so a pod's token may read pods: a Role and its binding to the namespace's default account.</summary>
    private async Task GrantPodReadAsync(string ns)
    {
        await agent.Client.CreateAsync(ResourceTypes.Role, (JsonObject)JsonNode.Parse($$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"pod-reader","namespace":"{{ns}}"},
             "rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]}
            """)!);
        await agent.Client.CreateAsync(ResourceTypes.RoleBinding, (JsonObject)JsonNode.Parse($$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"default-reads-pods","namespace":"{{ns}}"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"pod-reader"},
             "subjects":[{"kind":"ServiceAccount","name":"default","namespace":"{{ns}}"}]}
            """)!);
    }

    [Fact]
    public async Task APodReadsItselfFromTheApiWithTheTokenCaAndNamespaceMountedForIt()
    {
        var ns = await agent.NamespaceAsync();
        await GrantPodReadAsync(ns);
        var created = await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"self"},"spec":{"restartPolicy":"Never","containers":[{"name":"main","command":["sh","-c",
              "cd /var/run/secrets/kubernetes.io/serviceaccount && cat namespace && echo && curl -sS --cacert ca.crt -H \"Authorization: Bearer $(cat token)\" https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/api/v1/namespaces/$(cat namespace)/pods/self"]}]}}
            """);

        var logs = await LogsAfterAsync(ns, "self");

        var lines = logs.Split('\n', 2);
        Assert.Equal(ns, lines[0]);
        var self = JsonNode.Parse(lines[1]);
        Assert.True(self?["kind"]?.GetValue<string>() == "Pod", logs);
        Assert.Equal(ObjectMeta.Uid(created), ObjectMeta.Uid(self));
    }

    [Fact]
    public async Task AutomountTurnedOffOnThePodOrItsServiceAccountMountsNothing()
    {
        var ns = await agent.NamespaceAsync();
        await AccountAsync(ns, "quiet", automount: false);
        const string Check = "test -e /var/run/secrets/kubernetes.io/serviceaccount/token && echo mounted || echo none; echo \"[$OBS_SERVICEACCOUNT_DIR]\"";
        await agent.CreatePodAsync(ns, $$$"""{"metadata":{"name":"by-pod"},"spec":{"restartPolicy":"Never","automountServiceAccountToken":false,"containers":[{"name":"main","command":["sh","-c","{{{Check.Replace("\"", "\\\"")}}}"]}]}}""");
        await agent.CreatePodAsync(ns, $$$"""{"metadata":{"name":"by-account"},"spec":{"restartPolicy":"Never","serviceAccountName":"quiet","containers":[{"name":"main","command":["sh","-c","{{{Check.Replace("\"", "\\\"")}}}"]}]}}""");
        await agent.CreatePodAsync(ns, $$$"""{"metadata":{"name":"pod-wins"},"spec":{"restartPolicy":"Never","serviceAccountName":"quiet","automountServiceAccountToken":true,"containers":[{"name":"main","command":["sh","-c","{{{Check.Replace("\"", "\\\"")}}}"]}]}}""");

        Assert.Equal("none\n[]\n", await LogsAfterAsync(ns, "by-pod"));
        Assert.Equal("none\n[]\n", await LogsAfterAsync(ns, "by-account"));
        Assert.StartsWith("mounted\n[/", await LogsAfterAsync(ns, "pod-wins"));
    }

    [Fact]
    public async Task AProjectedTokenHasItsAudienceLifetimeAndPathAndIsBoundToThePod()
    {
        var ns = await agent.NamespaceAsync();
        var created = await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"vault"},"spec":{"restartPolicy":"Never",
              "volumes":[{"name":"tokens","projected":{"sources":[{"serviceAccountToken":{"audience":"vault","expirationSeconds":7200,"path":"vault-token"}}]}}],
              "containers":[{"name":"main","command":["sh","-c","cut -d. -f2 /etc/tokens/vault-token"],"volumeMounts":[{"name":"tokens","mountPath":"/etc/tokens"}]}]}}
            """);

        var claims = JsonNode.Parse(Base64Url.DecodeFromChars((await LogsAfterAsync(ns, "vault")).Trim()))!;

        Assert.Equal(["vault"], claims["aud"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(7200, claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>());
        Assert.Equal(ObjectMeta.Uid(created), claims["kubernetes.io"]!["pod"]!["uid"]!.GetValue<string>());
        Assert.Equal($"system:serviceaccount:{ns}:default", claims["sub"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATokenIsRequestedAgainOnceEightyPercentOfItsLifetimeHasPassed()
    {
        var ns = await agent.NamespaceAsync();
        var pod = await agent.Client.CreateAsync(ResourceTypes.Pod, (JsonObject)JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"held","namespace":"{{{ns}}}"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}
            """)!);
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var tokens = new ServiceAccountTokens(agent.Client, time);

        var first = await tokens.GetAsync(pod, null, null, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(2870));
        var beforeEighty = await tokens.GetAsync(pod, null, null, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(20));
        var afterEighty = await tokens.GetAsync(pod, null, null, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal(first, beforeEighty);
        Assert.NotEqual(first, afterEighty);
    }

    [Fact]
    public async Task ABurstOfPodStartsReadsTheirServiceAccountOnceAndEachPodStillGetsItsOwnToken()
    {
        var ns = await agent.NamespaceAsync();
        var pods = new List<JsonObject>();
        for (var i = 0; i < 10; i++)
            pods.Add(await agent.Client.CreateAsync(ResourceTypes.Pod, (JsonObject)JsonNode.Parse($$$"""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"burst-{{{i}}}","namespace":"{{{ns}}}"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}
                """)!));
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var reads = 0;
        var accounts = new ServiceAccountCache((n, name, cancel) =>
        {
            Interlocked.Increment(ref reads);
            return agent.Client.TryGetAsync(ResourceTypes.ServiceAccount, n, name, cancel);
        }, time);
        var tokens = new ServiceAccountTokens(agent.Client, time, accounts);

        var issued = await Task.WhenAll(pods.Select(p => tokens.AutomountedAsync(p, CancellationToken.None)));

        Assert.Equal(1, reads);
        Assert.All(issued, Assert.NotNull);
        Assert.Equal(pods.Count, issued.Distinct().Count());
    }

    [Fact]
    public async Task AServiceAccountThatTurnsAutomountOffIsSeenByThePodsStartedAfterIt()
    {
        var ns = await agent.NamespaceAsync();
        await AccountAsync(ns, "changing", automount: true);
        async Task<JsonObject> PodAsync(string name) => await agent.Client.CreateAsync(ResourceTypes.Pod, (JsonObject)JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},"spec":{"serviceAccountName":"changing","containers":[{"name":"c","image":"busybox"}]}}
            """)!);
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var tokens = new ServiceAccountTokens(agent.Client, time);

        var before = await tokens.AutomountedAsync(await PodAsync("before"), CancellationToken.None);
        var account = await agent.Client.GetAsync(ResourceTypes.ServiceAccount, ns, "changing");
        account["automountServiceAccountToken"] = false;
        await agent.Client.UpdateAsync(ResourceTypes.ServiceAccount, account);
        time.Advance(ServiceAccountCache.MaxAge);
        var after = await tokens.AutomountedAsync(await PodAsync("after"), CancellationToken.None);

        Assert.NotNull(before);
        Assert.Null(after);
    }

    [Fact]
    public async Task APodWhoseServiceAccountIsGoneGetsNoToken()
    {
        // A pod cannot be made with an account that does not exist; the account can go later.
        var ns = await agent.NamespaceAsync();
        await AccountAsync(ns, "ghost");
        var pod = await agent.Client.CreateAsync(ResourceTypes.Pod, (JsonObject)JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"orphan","namespace":"{{{ns}}}"},"spec":{"serviceAccountName":"ghost","containers":[{"name":"c","image":"busybox"}]}}
            """)!);
        await agent.Client.DeleteAsync(ResourceTypes.ServiceAccount, ns, "ghost");

        Assert.Null(await new ServiceAccountTokens(agent.Client, TimeProvider.System).GetAsync(pod, null, null, CancellationToken.None));
    }
}
