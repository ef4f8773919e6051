using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;
using Obs.NodeAgent.Tests.Agent;
using Obs.Scheduler.Hosting;
using Obs.Scheduler.Scheduling;

namespace Obs.NodeAgent.Tests.Metrics;

/// <summary>A real agent's cluster with the controller manager and the scheduler running too: Deployments become running pods, HPAs act.</summary>
public sealed class AutoscalingCluster : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private ApiClient? _controllers;
    private ApiClient? _scheduler;

    public AgentCluster Agent { get; } = new();

    public async Task InitializeAsync()
    {
        await Agent.InitializeAsync();
        _controllers = new ApiClient(KubeconfigFile.Load(Agent.Cluster.Kubeconfig));
        _scheduler = new ApiClient(KubeconfigFile.Load(Agent.Cluster.Kubeconfig));
        var manager = new ControllerManager(_controllers, new ControllerManagerOptions { LeaderElection = false, Workers = 2 });
        _running = Task.WhenAll(
            Task.Run(() => manager.RunAsync(_stop.Token)),
            Task.Run(() => LeaderElectedScheduler.RunAsync(_scheduler, new SchedulerOptions(), null, _stop.Token)));
    }

    public async Task DisposeAsync()
    {
        // Controllers stop first, so the pods the agent fixture deletes are not replaced.
        await _stop.CancelAsync();
        try { await _running.WaitAsync(TimeSpan.FromSeconds(20)); }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
        _controllers?.Dispose();
        _scheduler?.Dispose();
        await Agent.DisposeAsync();
    }
}
