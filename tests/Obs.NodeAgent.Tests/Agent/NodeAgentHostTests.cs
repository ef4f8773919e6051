using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Client.Watch;
using Obs.NodeAgent.Node;

namespace Obs.NodeAgent.Tests.Agent;

/// <summary>The node agent against a real apiserver: registration, pods as real processes, kubectl logs and exec through the apiserver.</summary>
public sealed class NodeAgentHostTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    [Fact]
    public async Task NodeCapacityMatchesTheMachineAndTheLeaseIsRenewed()
    {
        var node = await agent.Client.GetAsync(ResourceTypes.Node, null, agent.NodeName);
        Assert.Equal(Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), node.StringAt("status", "capacity", "cpu"));
        var memTotal = MachineInfo.MeminfoBytes(File.ReadAllText("/proc/meminfo"), "MemTotal")!.Value;
        Assert.Equal($"{memTotal / 1024}Ki", node.StringAt("status", "capacity", "memory"));
        Assert.Equal("110", node.StringAt("status", "capacity", "pods"));
        Assert.Equal($"{(memTotal - 256L * 1024 * 1024) / 1024}Ki", node.StringAt("status", "allocatable", "memory"));
        Assert.Equal("v1.32.0+obs", node.StringAt("status", "nodeInfo", "kubeletVersion"));
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), node.StringAt("status", "nodeInfo", "kernelVersion"));
        Assert.Equal(agent.Agent.Port, (int)node.LongAt("status", "daemonEndpoints", "kubeletEndpoint", "Port")!);
        var conditions = ((JsonArray)node.At("status", "conditions")!).OfType<JsonObject>().ToDictionary(c => c.StringAt("type")!, c => c.StringAt("status"));
        Assert.Equal("True", conditions["Ready"]);
        Assert.Contains("MemoryPressure", conditions.Keys);
        Assert.Contains("DiskPressure", conditions.Keys);
        Assert.Contains("PIDPressure", conditions.Keys);

        var first = (await agent.Client.GetAsync(ResourceTypes.Lease, "kube-node-lease", agent.NodeName)).StringAt("spec", "renewTime");
        await Task.Delay(2500);
        var lease = await agent.Client.GetAsync(ResourceTypes.Lease, "kube-node-lease", agent.NodeName);
        Assert.Equal(agent.NodeName, lease.StringAt("spec", "holderIdentity"));
        Assert.NotEqual(first, lease.StringAt("spec", "renewTime"));
    }

    [Fact]
    public async Task KubectlDescribeNodeShowsTheKubeletsNodeEvents()
    {
        // The agent's start and each condition's first status, as the kubelet records them (in "default", about the node).
        string[] expected = ["Starting", "NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID", "NodeReady",
            agent.Agent.Capabilities!.EnforcesLimits ? "NodeAllocatableEnforced" : "CgroupsUnavailable"];
        List<JsonObject> events = [];
        for (var i = 0; i < 100; i++)
        {
            events = [.. (await agent.Client.ListAsync(ResourceTypes.Event, "default")).Items.Where(e => e.StringAt("involvedObject", "name") == agent.NodeName)];
            if (expected.All(r => events.Any(e => e.StringAt("reason") == r))) break;
            await Task.Delay(100);
        }
        Assert.All(expected, r => Assert.Contains(events, e => e.StringAt("reason") == r));
        var ready = events.Single(e => e.StringAt("reason") == "NodeReady");
        Assert.Equal(("Normal", $"Node {agent.NodeName} status is now: NodeReady"), (ready.StringAt("type"), ready.StringAt("message")));
        Assert.Equal(("Node", agent.NodeName), (ready.StringAt("involvedObject", "kind"), ready.StringAt("involvedObject", "uid")));
        Assert.Equal(("kubelet", agent.NodeName), (ready.StringAt("source", "component"), ready.StringAt("source", "host")));

        var describe = await agent.Cluster.KubectlOkAsync("describe", "node", agent.NodeName);
        Assert.Contains("Starting kubelet.", describe);
        Assert.Contains($"Node {agent.NodeName} status is now: NodeHasSufficientMemory", describe);
    }

    [Fact]
    public async Task PodRunsAndKubectlLogsShowItsOutputThenDeleteRunsPreStopAndSigterm()
    {
        var ns = await agent.NamespaceAsync();
        var marker = Path.Combine(agent.StateDirectory, $"prestop-{Guid.NewGuid():N}");
        await agent.CreatePodAsync(ns, $$$"""
            {"metadata":{"name":"hello"},"spec":{"terminationGracePeriodSeconds":10,"containers":[{"name":"main","image":"busybox",
              "command":["sh","-c","trap 'echo term >> {{{marker}}}; exit 0' TERM; echo hello; while true; do sleep 0.1; done"],
              "lifecycle":{"preStop":{"exec":{"command":["sh","-c","echo prestop >> {{{marker}}}"]} } } }]} }
            """);
        var pod = await agent.WaitForPodAsync(ns, "hello", p => AgentCluster.Phase(p) == "Running" && AgentCluster.Status(p, "main")?.BoolAt("ready") == true, "Running and ready");
        Assert.Equal("127.0.0.1", pod.StringAt("status", "podIP"));
        Assert.Equal(0, AgentCluster.Status(pod, "main")!.LongAt("restartCount"));
        Assert.StartsWith("obs://", AgentCluster.Status(pod, "main")!.StringAt("containerID"));

        var logs = "";
        for (var i = 0; i < 50 && !logs.Contains("hello"); i++)
        {
            logs = (await agent.Cluster.KubectlAsync("logs", "hello", "-n", ns)).StdOut;
            if (!logs.Contains("hello")) await Task.Delay(100);
        }
        Assert.Equal("hello\n", logs);

        var started = DateTime.UtcNow;
        await agent.Cluster.KubectlOkAsync("delete", "pod", "hello", "-n", ns, "--wait=true");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the pod took longer than its grace period to go");
        Assert.Null(await agent.Client.TryGetAsync(ResourceTypes.Pod, ns, "hello"));
        Assert.Equal("prestop\nterm\n", File.ReadAllText(marker));
    }

    [Fact]
    public async Task KubectlExecReturnsTheCommandsOutputAndExitCode()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"shell"},"spec":{"containers":[{"name":"main","command":["sleep","3600"],"env":[{"name":"GREETING","value":"hi"}]}]}}""");
        await agent.WaitForPodAsync(ns, "shell", p => AgentCluster.Phase(p) == "Running", "Running");
        var ok = await agent.Cluster.KubectlAsync("exec", "shell", "-n", ns, "--", "sh", "-c", "echo $GREETING; echo oops >&2");
        Assert.Equal(0, ok.ExitCode);
        Assert.Equal("hi\n", ok.StdOut);
        Assert.Contains("oops", ok.StdErr);
        var failed = await agent.Cluster.KubectlAsync("exec", "shell", "-n", ns, "--", "sh", "-c", "exit 3");
        Assert.Equal(3, failed.ExitCode);
        var input = await agent.Cluster.KubectlWithInputAsync("from stdin\n", "exec", "-i", "shell", "-n", ns, "--", "cat");
        Assert.Equal("from stdin\n", input.StdOut);
    }

    [Fact]
    public async Task RestartPolicyDecidesTheTerminalPhase()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"never"},"spec":{"restartPolicy":"Never","containers":[{"name":"main","command":["sh","-c","exit 1"]}]}}""");
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"onfailure"},"spec":{"restartPolicy":"OnFailure","containers":[{"name":"main","command":["true"]}]}}""");
        var failed = await agent.WaitForPodAsync(ns, "never", p => AgentCluster.Phase(p) == "Failed", "Failed");
        var terminated = AgentCluster.Status(failed, "main")!.At("state", "terminated")!;
        Assert.Equal(1, terminated.LongAt("exitCode"));
        Assert.Equal("Error", terminated.StringAt("reason"));
        var succeeded = await agent.WaitForPodAsync(ns, "onfailure", p => AgentCluster.Phase(p) == "Succeeded", "Succeeded");
        Assert.Equal("Completed", AgentCluster.Status(succeeded, "main")!.StringAt("state", "terminated", "reason"));
        Assert.Equal(0, AgentCluster.Status(succeeded, "main")!.LongAt("restartCount"));
    }

    [Fact]
    public async Task ExecIntoAnEndedContainerOfARunningPodSaysSoAsTheCallersMistake()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"half"},"spec":{"restartPolicy":"Never","containers":[{"name":"main","command":["sleep","3600"]},{"name":"once","command":["true"]}]}}""");
        await agent.WaitForPodAsync(ns, "half", p => AgentCluster.Status(p, "once")?.At("state", "terminated") is not null && AgentCluster.Phase(p) == "Running", "once ended, main running");
        var exec = await agent.Cluster.KubectlAsync("exec", "half", "-n", ns, "-c", "once", "--", "true");
        Assert.NotEqual(0, exec.ExitCode);
        Assert.Contains("container once is not running in pod half", exec.StdErr);
        // Not the apiserver's failure: no 5xx in its metrics (the fixture checks them all again at the end).
        await agent.Cluster.AssertMetricsCleanAsync();
    }

    [Fact]
    public async Task CrashingContainerBacksOffWithCrashLoopBackOff()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"crash"},"spec":{"containers":[{"name":"main","command":["sh","-c","echo run; exit 2"]}]}}""");
        var pod = await agent.WaitForPodAsync(ns, "crash", p => AgentCluster.Status(p, "main")?.StringAt("state", "waiting", "reason") == "CrashLoopBackOff", "CrashLoopBackOff");
        var status = AgentCluster.Status(pod, "main")!;
        Assert.Equal(1, status.LongAt("restartCount"));
        Assert.Equal(2, status.LongAt("lastState", "terminated", "exitCode"));
        Assert.Equal($"back-off 10s restarting failed container=main pod=crash_{ns}({ObjectMeta.Uid(pod)})", status.StringAt("state", "waiting", "message"));
        Assert.Equal("Running", AgentCluster.Phase(pod));
        var previous = await agent.Cluster.KubectlOkAsync("logs", "crash", "-n", ns, "-p");
        Assert.Equal("run\n", previous);
    }

    [Fact]
    public async Task AContainerThatFailsAtOnceIsNeverReportedReady()
    {
        // Every status the pod ever had, from the namespace's creation on: a crash-looping pod reported ready even once
        // makes its Deployment available for that moment, and `kubectl rollout status` reports success.
        var ns = await agent.NamespaceAsync();
        var from = ObjectMeta.ResourceVersion(await agent.Client.GetAsync(ResourceTypes.Namespace, null, ns));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var seen = new List<JsonObject>();
        var watching = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in agent.Client.WatchAsync(ResourceTypes.Pod, ns, new WatchOptions { ResourceVersion = from }, stop.Token))
                    lock (seen) seen.Add(change.Object);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        });
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"fails"},"spec":{"containers":[{"name":"main","command":["sh","-c","exit 1"]}]}}""");
        await agent.WaitForPodAsync(ns, "fails", p => AgentCluster.Status(p, "main")?.StringAt("state", "waiting", "reason") == "CrashLoopBackOff", "CrashLoopBackOff");
        await stop.CancelAsync();
        await watching;
        lock (seen)
        {
            Assert.Contains(seen, p => AgentCluster.Status(p, "main")?.LongAt("restartCount") >= 1);
            Assert.DoesNotContain(seen, p => AgentCluster.Status(p, "main")?.BoolAt("ready") == true);
            Assert.DoesNotContain(seen, p => (p.At("status", "conditions") as JsonArray)?.OfType<JsonObject>()
                .Any(c => c.StringAt("type") == "Ready" && c.StringAt("status") == "True") == true);
        }
    }

    [Fact]
    public async Task InitContainersRunInOrderBeforeTheApp()
    {
        var ns = await agent.NamespaceAsync();
        var file = Path.Combine(agent.StateDirectory, $"order-{Guid.NewGuid():N}");
        await agent.CreatePodAsync(ns, $$$"""
            {"metadata":{"name":"inits"},"spec":{"restartPolicy":"Never",
              "initContainers":[{"name":"one","command":["sh","-c","sleep 0.3; echo one >> {{{file}}}"]},{"name":"two","command":["sh","-c","echo two >> {{{file}}}"]}],
              "containers":[{"name":"app","command":["sh","-c","echo app >> {{{file}}}"]}]}}
            """);
        var pod = await agent.WaitForPodAsync(ns, "inits", p => AgentCluster.Phase(p) == "Succeeded", "Succeeded");
        Assert.Equal("one\ntwo\napp\n", File.ReadAllText(file));
        Assert.Equal("Completed", AgentCluster.Status(pod, "two", "initContainerStatuses")!.StringAt("state", "terminated", "reason"));

        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"badinit"},"spec":{"restartPolicy":"Never",
              "initContainers":[{"name":"fail","command":["sh","-c","exit 7"]}],"containers":[{"name":"app","command":["sleep","3600"]}]}}
            """);
        var failed = await agent.WaitForPodAsync(ns, "badinit", p => AgentCluster.Phase(p) == "Failed", "Failed");
        Assert.Equal("PodInitializing", AgentCluster.Status(failed, "app")!.StringAt("state", "waiting", "reason"));
    }

    [Fact]
    public async Task ConfigMapAndSecretArriveAsEnvAndFilesWithTheDownwardApi()
    {
        var ns = await agent.NamespaceAsync();
        await agent.Client.CreateAsync(ResourceTypes.ConfigMap, (JsonObject)JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","namespace":"{{{ns}}}"},"data":{"color":"blue","mode":"fast"}}""")!);
        await agent.Client.CreateAsync(ResourceTypes.Secret, (JsonObject)JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"sec","namespace":"{{{ns}}}"},"data":{"password":"czNjcjN0"}}""")!);
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"env","labels":{"app":"demo"}},"spec":{"restartPolicy":"Never",
              "volumes":[{"name":"config","configMap":{"name":"cfg"}},{"name":"secret","secret":{"secretName":"sec"}}],
              "containers":[{"name":"main","command":["sh","-c","echo $COLOR $PASSWORD $POD_NAME $POD_NS $APP $GREETING; cat /etc/cfg/mode; echo; cat /etc/sec/password"],
                "envFrom":[{"configMapRef":{"name":"cfg"},"prefix":"CFG_"}],
                "env":[{"name":"COLOR","valueFrom":{"configMapKeyRef":{"name":"cfg","key":"color"}}},
                       {"name":"PASSWORD","valueFrom":{"secretKeyRef":{"name":"sec","key":"password"}}},
                       {"name":"POD_NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}},
                       {"name":"POD_NS","valueFrom":{"fieldRef":{"fieldPath":"metadata.namespace"}}},
                       {"name":"APP","valueFrom":{"fieldRef":{"fieldPath":"metadata.labels['app']"}}},
                       {"name":"GREETING","value":"$(CFG_mode)-$(POD_NAME)"}],
                "volumeMounts":[{"name":"config","mountPath":"/etc/cfg"},{"name":"secret","mountPath":"/etc/sec","readOnly":true}]}]}}
            """);
        await agent.WaitForPodAsync(ns, "env", p => AgentCluster.Phase(p) is "Succeeded" or "Failed", "finished");
        var logs = await agent.Cluster.KubectlOkAsync("logs", "env", "-n", ns);
        Assert.Equal($"blue s3cr3t env {ns} demo fast-env\nfast\ns3cr3t\n", logs);
    }

    [Fact]
    public async Task MemoryEmptyDirIsATmpfsSizedByItsLimitInsideThePod()
    {
        var ns = await agent.NamespaceAsync();
        var uid = ObjectMeta.Uid(await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"ram"},"spec":{"volumes":[{"name":"cache","emptyDir":{"medium":"Memory","sizeLimit":"64Mi"}}],
              "containers":[{"name":"main","command":["sh","-c","echo kept > $OBS_VOLUME_CACHE/file && cat $OBS_VOLUME_CACHE/file && stat -f -c %T /cache && grep ' /cache ' /proc/self/mountinfo; sleep 3600"],
                "volumeMounts":[{"name":"cache","mountPath":"/cache"}]}]}}
            """))!;
        await agent.WaitForPodAsync(ns, "ram", p => AgentCluster.Phase(p) == "Running", "Running");
        if (!agent.Agent.Capabilities!.IsolatesPods)
        {
            // No mount namespace of its own: a plain directory, and an event that says so.
            var events = await agent.Client.ListAsync(ResourceTypes.Event, ns);
            Assert.Contains(events.Items, e => e.StringAt("reason") == Obs.NodeAgent.Pods.PodWorker.MemoryVolumeOnDisk && e.StringAt("message")!.Contains("\"cache\""));
            return;
        }
        var logs = "";
        for (var i = 0; i < 50 && !logs.Contains("size=", StringComparison.Ordinal); i++)
        {
            logs = await agent.Cluster.KubectlOkAsync("logs", "ram", "-n", ns);
            await Task.Delay(100);
        }
        var lines = logs.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("kept", lines[0]);
        Assert.Equal("tmpfs", lines[1]);
        Assert.Contains(" - tmpfs tmpfs ", lines[2]);
        Assert.EndsWith("size=65536k", lines[2]);
        // The files are in the pod's memory: the host's directory of the volume stays empty.
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(agent.StateDirectory, "pods", uid, "volumes", "cache")));
        Assert.Equal("kept\n", (await agent.Cluster.KubectlAsync("exec", "ram", "-n", ns, "--", "cat", "/cache/file")).StdOut);
        await agent.Cluster.KubectlOkAsync("delete", "pod", "ram", "-n", ns, "--grace-period=1");
    }

    [Fact]
    public async Task ContainerWithoutCommandWaitsWithCreateContainerConfigError()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"image-only"},"spec":{"containers":[{"name":"nginx","image":"nginx"}]}}""");
        var pod = await agent.WaitForPodAsync(ns, "image-only", p => AgentCluster.Status(p, "nginx")?.StringAt("state", "waiting", "reason") == "CreateContainerConfigError", "CreateContainerConfigError");
        Assert.Contains("needs a command or args", AgentCluster.Status(pod, "nginx")!.StringAt("state", "waiting", "message"));
        Assert.Equal("Pending", AgentCluster.Phase(pod));
        Assert.Equal("nginx", AgentCluster.Status(pod, "nginx")!.StringAt("image"));
    }

    [Fact]
    public async Task KubectlRunArgumentsWithoutACommandRunAsTheCommandLine()
    {
        // `kubectl run NAME --image=I -- sh -c '...'` sends the words after -- as args, not command.
        var ns = await agent.NamespaceAsync();
        await agent.Cluster.KubectlOkAsync("run", "args-only", "-n", ns, "--image=busybox", "--restart=Never",
            $$$"""--overrides={"apiVersion":"v1","spec":{"nodeName":"{{{agent.NodeName}}}"}}""", "--", "sh", "-c", "echo from-args $0", "one");
        var pod = await agent.WaitForPodAsync(ns, "args-only", p => AgentCluster.Phase(p) is "Succeeded" or "Failed", "finished");
        Assert.Equal("Succeeded", AgentCluster.Phase(pod));
        Assert.Equal("from-args one\n", await agent.Cluster.KubectlOkAsync("logs", "args-only", "-n", ns));
    }

    [Fact]
    public async Task FailingExecLivenessProbeRestartsTheContainer()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"live"},"spec":{"containers":[{"name":"main","command":["sleep","3600"],
              "livenessProbe":{"exec":{"command":["sh","-c","exit 1"]},"periodSeconds":1,"failureThreshold":2},"terminationMessagePath":"/dev/null"}],
              "terminationGracePeriodSeconds":1}}
            """);
        var pod = await agent.WaitForPodAsync(ns, "live", p => AgentCluster.Status(p, "main")?.LongAt("restartCount") >= 1, "a restart", 40);
        Assert.NotNull(AgentCluster.Status(pod, "main")!.At("lastState", "terminated"));
    }

    [Fact]
    public async Task HttpReadinessProbeFlipsReadyBothWays()
    {
        var ns = await agent.NamespaceAsync();
        var flag = Path.Combine(agent.StateDirectory, $"ready-{Guid.NewGuid():N}");
        var port = Obs.NodeAgent.Pods.HostPorts.FreePort();
        await agent.CreatePodAsync(ns, $$$"""
            {"metadata":{"name":"web"},"spec":{"containers":[{"name":"main","command":["python3","-c",
              "import http.server,os\nclass H(http.server.BaseHTTPRequestHandler):\n  def do_GET(s):\n    s.send_response(200 if os.path.exists('{{{flag}}}') else 503); s.end_headers()\n  def log_message(s,*a): pass\nhttp.server.HTTPServer(('127.0.0.1',int(os.environ['PORT'])),H).serve_forever()"],
              "ports":[{"containerPort":{{{port}}},"name":"http"}],
              "readinessProbe":{"httpGet":{"path":"/","port":"http"},"periodSeconds":1}}]}}
            """);
        await agent.WaitForPodAsync(ns, "web", p => AgentCluster.Phase(p) == "Running", "Running");
        var pod = await agent.Client.GetAsync(ResourceTypes.Pod, ns, "web");
        Assert.Equal(false, AgentCluster.Status(pod, "main")!.BoolAt("ready"));
        File.WriteAllText(flag, "");
        await agent.WaitForPodAsync(ns, "web", p => AgentCluster.Status(p, "main")?.BoolAt("ready") == true && Ready(p) == "True", "Ready");
        File.Delete(flag);
        await agent.WaitForPodAsync(ns, "web", p => AgentCluster.Status(p, "main")?.BoolAt("ready") == false && Ready(p) == "False", "not Ready");
    }

    [Fact]
    public async Task MemoryHogIsOomKilledAndRestartedWithBackOff()
    {
        Assert.True(agent.Agent.Capabilities!.EnforcesLimits, $"cgroups are not usable here: {agent.Agent.Capabilities.Cgroups.Reason}");
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"hog"},"spec":{"containers":[{"name":"main","command":["sh","-c","x=$(head -c 200000000 /dev/zero | tr '\\000' a); echo never"],
              "resources":{"limits":{"memory":"32Mi"}}}]}}
            """);
        var pod = await agent.WaitForPodAsync(ns, "hog", p => AgentCluster.Status(p, "main")?.StringAt("state", "waiting", "reason") == "CrashLoopBackOff", "CrashLoopBackOff", 40);
        var status = AgentCluster.Status(pod, "main")!;
        Assert.Equal("OOMKilled", status.StringAt("lastState", "terminated", "reason"));
        Assert.Equal(137, status.LongAt("lastState", "terminated", "exitCode"));
        Assert.True(status.LongAt("restartCount") >= 1);
    }

    [Fact]
    public async Task KubectlLogsFollowStreamsUntilTheContainerEndsAndTailAndLimitBytesCutIt()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"counter"},"spec":{"restartPolicy":"Never","containers":[{"name":"main","command":["sh","-c","sleep 1; for i in 1 2 3; do echo line $i; sleep 0.5; done"]}]}}""");
        await agent.WaitForPodAsync(ns, "counter", p => AgentCluster.Phase(p) == "Running", "Running");
        var follow = await agent.Cluster.KubectlAsync("logs", "-f", "counter", "-n", ns);
        Assert.Equal(0, follow.ExitCode);
        Assert.Equal("line 1\nline 2\nline 3\n", follow.StdOut);
        var tail = await agent.Cluster.KubectlOkAsync("logs", "counter", "-n", ns, "--tail=1");
        Assert.Equal("line 3\n", tail);
        // --limit-bytes cuts the output at that many bytes, within a line.
        var limited = await agent.Cluster.KubectlOkAsync("logs", "counter", "-n", ns, "--limit-bytes=9");
        Assert.Equal("line 1\nli", limited);
    }

    [Fact]
    public async Task TakenContainerPortGetsAFreeHostPortInTheEnvironment()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, $$$"""{"metadata":{"name":"ports"},"spec":{"restartPolicy":"Never","containers":[{"name":"main","command":["sh","-c","echo $PORT $OBS_PORT_WEB_UI"],"ports":[{"containerPort":{{{port}}},"name":"web-ui"}]}]}}""");
        await agent.WaitForPodAsync(ns, "ports", p => AgentCluster.Phase(p) == "Succeeded", "Succeeded");
        var words = (await agent.Cluster.KubectlOkAsync("logs", "ports", "-n", ns)).Trim().Split(' ');
        Assert.Equal(2, words.Length);
        Assert.Equal(words[0], words[1]);
        Assert.NotEqual(port.ToString(CultureInfo.InvariantCulture), words[0]);
        Assert.True(int.Parse(words[0], CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task ConfigMapFilesFollowChangesAndServicesArriveAsVariables()
    {
        var ns = await agent.NamespaceAsync();
        await agent.Client.CreateAsync(ResourceTypes.Service, (JsonObject)JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"web-api","namespace":"{{{ns}}}"},"spec":{"clusterIP":"127.77.3.4","ports":[{"port":8080,"protocol":"TCP"}]}}""")!);
        await agent.Client.CreateAsync(ResourceTypes.ConfigMap, (JsonObject)JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"live","namespace":"{{{ns}}}"},"data":{"value":"one"}}""")!);
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"watcher"},"spec":{"volumes":[{"name":"cfg","configMap":{"name":"live"}}],
              "containers":[{"name":"main","command":["sleep","3600"],"volumeMounts":[{"name":"cfg","mountPath":"/etc/live"}]}]}}
            """);
        await agent.WaitForPodAsync(ns, "watcher", p => AgentCluster.Phase(p) == "Running", "Running");
        var service = await agent.Cluster.KubectlAsync("exec", "watcher", "-n", ns, "--", "sh", "-c", "echo $WEB_API_SERVICE_HOST:$WEB_API_SERVICE_PORT");
        Assert.Equal("127.77.3.4:8080\n", service.StdOut);
        Assert.Equal("one", (await agent.Cluster.KubectlAsync("exec", "watcher", "-n", ns, "--", "cat", "/etc/live/value")).StdOut);

        var cm = await agent.Client.GetAsync(ResourceTypes.ConfigMap, ns, "live");
        cm["data"]!["value"] = "two";
        await agent.Client.UpdateAsync(ResourceTypes.ConfigMap, cm);
        var seen = "";
        for (var i = 0; i < 60 && seen != "two"; i++)
        {
            await Task.Delay(500);
            seen = (await agent.Cluster.KubectlAsync("exec", "watcher", "-n", ns, "--", "cat", "/etc/live/value")).StdOut;
        }
        Assert.Equal("two", seen);
    }

    private static string? Ready(JsonObject pod) =>
        (pod.At("status", "conditions") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == "Ready")?.StringAt("status");
}
