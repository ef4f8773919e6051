using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.NodeAgent.Agent;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Agent;

/// <summary>A real apiserver on a private PostgreSQL with one real node agent joined to it, running real processes.</summary>
public sealed class AgentCluster : IAsyncLifetime
{
    public TestCluster Cluster { get; init; } = new();

    public NodeAgentHost Agent { get; private set; } = null!;

    public ApiClient Client { get; private set; } = null!;

    public string NodeName { get; } = $"node-{Guid.NewGuid().ToString("N")[..8]}";

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), $"obs-agent-{Guid.NewGuid():N}");

    public NodeAgentOptions Options => new()
    {
        Cluster = KubeconfigFile.Load(Cluster.Kubeconfig),
        NodeName = NodeName,
        StateDirectory = StateDirectory,
        Port = 0,
        Address = "127.0.0.1",
        LeaseRenewInterval = TimeSpan.FromSeconds(1),
        LeaseDurationSeconds = 4,
    };

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Client = new ApiClient(KubeconfigFile.Load(Cluster.Kubeconfig), new ApiClientOptions { Qps = 200, Burst = 400 });
        Agent = await NodeAgentHost.StartAsync(Options);
    }

    /// <summary>Stops the agent as a crash would (its pods' processes live on), runs <paramref name="whileDown"/>, and starts a new one over the same state.</summary>
    public async Task RestartAgentAsync(Func<Task>? whileDown = null)
    {
        await Agent.DisposeAsync();
        if (whileDown is not null) await whileDown();
        Agent = await NodeAgentHost.StartAsync(Options);
    }

    public async Task<JsonObject> CreatePodAsync(string @namespace, string json)
    {
        var pod = (JsonObject)JsonNode.Parse(json)!;
        pod["apiVersion"] = "v1";
        pod["kind"] = "Pod";
        pod.Ensure("metadata")["namespace"] = @namespace;
        pod.Ensure("spec")["nodeName"] = NodeName;
        // The API requires an image; the process runtime records it and runs the command.
        foreach (var container in new[] { "containers", "initContainers" }.SelectMany(f => (pod.At("spec", f) as JsonArray ?? []).OfType<JsonObject>()))
            container["image"] ??= "busybox";
        return await Client.CreateAsync(ResourceTypes.Pod, pod);
    }

    /// <summary>An HTTPS client for the agent API, trusting its pinned certificate, with <paramref name="token"/> when given.</summary>
    public HttpClient AgentClient(string? token)
    {
        var pin = Agent.CertificatePin;
        var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && Obs.NodeAgent.Api.ServingCertificate.Pin(certificate) == pin },
        })
        {
            BaseAddress = new Uri($"https://127.0.0.1:{Agent.Port}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task<string> NamespaceAsync()
    {
        var name = $"ns-{Guid.NewGuid().ToString("N")[..8]}";
        await Client.CreateAsync(ResourceTypes.Namespace, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } });
        return name;
    }

    /// <summary>Polls the pod until <paramref name="condition"/> holds; fails with the pod's last state.</summary>
    public async Task<JsonObject> WaitForPodAsync(string @namespace, string name, Func<JsonObject, bool> condition, string what, int seconds = 30)
    {
        JsonObject? pod = null;
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            pod = await Client.TryGetAsync(ResourceTypes.Pod, @namespace, name);
            if (pod is not null && condition(pod)) return pod;
            await Task.Delay(100);
        }
        Assert.Fail($"pod {@namespace}/{name} never got {what}; last: {pod?["status"]?.ToJsonString()}");
        return null!;
    }

    public async Task WaitForPodGoneAsync(string @namespace, string name, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await Client.TryGetAsync(ResourceTypes.Pod, @namespace, name) is null) return;
            await Task.Delay(100);
        }
        Assert.Fail($"pod {@namespace}/{name} was not deleted");
    }

    /// <summary>
    /// <c>kubectl exec</c> of a shell script, tried again until it succeeds: after <see cref="RestartAgentAsync"/> it fails
    /// until the new agent has registered its port and adopted the pod. Returns its output.
    /// </summary>
    public async Task<string> ExecAfterRestartAsync(string @namespace, string pod, string container, string script)
    {
        var exec = await Cluster.KubectlAsync("exec", pod, "-n", @namespace, "-c", container, "--", "sh", "-c", script);
        for (var i = 0; i < 100 && exec.ExitCode != 0; i++)
        {
            await Task.Delay(200);
            exec = await Cluster.KubectlAsync("exec", pod, "-n", @namespace, "-c", container, "--", "sh", "-c", script);
        }
        Assert.True(exec.ExitCode == 0, $"exec after the agent's restart: {exec}");
        return exec.StdOut;
    }

    public static string? Phase(JsonObject pod) => pod.StringAt("status", "phase");

    public static JsonObject? Status(JsonObject pod, string container, string field = "containerStatuses") =>
        (pod.At("status", field) as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("name") == container);

    /// <summary>Whether the process runs (a zombie does not); one that ends while its stat is read is not alive.</summary>
    public static bool Alive(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // FileNotFound and DirectoryNotFound are IOExceptions too, as is ESRCH mid-read
        }
    }

    public async Task DisposeAsync()
    {
        // Pods left by a failed test are force-stopped: every process this fixture started goes.
        try
        {
            var pods = await Client.ListAsync(ResourceTypes.Pod, null, new ListOptions { FieldSelector = $"spec.nodeName={NodeName}" });
            foreach (var pod in pods.Items)
            {
                try { await Client.DeleteAsync(ResourceTypes.Pod, ObjectMeta.Namespace(pod), ObjectMeta.Name(pod)!, new DeleteOptions { GracePeriodSeconds = 1 }); }
                catch (ApiException) { }
            }
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && (await Client.ListAsync(ResourceTypes.Pod, null, new ListOptions { FieldSelector = $"spec.nodeName={NodeName}" })).Items.Count > 0)
                await Task.Delay(200);
        }
        finally
        {
            // Shut down, not disposed: disposing leaves the pods' processes running for a restarted agent to adopt,
            // and nothing would end what a failed test left (sandboxes outlive the test process).
            await Agent.ShutdownAsync();
            Client.Dispose();
            try { Directory.Delete(StateDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            await Cluster.DisposeAsync();
        }
    }
}
