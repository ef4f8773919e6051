using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Resources;
using Obs.Client.Events;
using Obs.Client.LeaderElection;
using Obs.Client.Rest;
using Obs.Controllers.CronJobs;
using Obs.Controllers.DaemonSets;
using Obs.Controllers.Disruption;
using Obs.Controllers.Deployments;
using Obs.Controllers.Endpoints;
using Obs.Controllers.GarbageCollection;
using Obs.Controllers.Jobs;
using Obs.Controllers.Namespaces;
using Obs.Controllers.Nodes;
using Obs.Controllers.ReplicaSets;
using Obs.Controllers.StatefulSets;

namespace Obs.Controllers.Hosting;

/// <summary>
/// kube-controller-manager: campaigns for the <c>kube-system/obs-controller-manager</c> Lease and,
/// while leading, builds one shared informer per resource, starts every controller on them and
/// runs its workers; one event recorder writes what they all report. Leadership lost stops them all; the manager then campaigns again.
/// </summary>
public sealed class ControllerManager(ApiClient client, ControllerManagerOptions? options = null, ILoggerFactory? loggers = null)
{
    private readonly ControllerManagerOptions _options = options ?? new ControllerManagerOptions();
    private readonly ILoggerFactory _loggers = loggers ?? NullLoggerFactory.Instance;
    private volatile bool _leading;

    /// <summary>True while this manager's controllers are running.</summary>
    public bool IsLeading => _leading;

    /// <summary>Runs until cancelled; stops the controllers and releases the Lease then.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!_options.LeaderElection)
        {
            await LeadAsync(cancellationToken);
            return;
        }
        var elector = new LeaderElector(client, new LeaderElectionOptions
        {
            Namespace = _options.LeaseNamespace,
            Name = _options.LeaseName,
            Identity = _options.Identity,
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
            TimeProvider = _options.TimeProvider,
        }, _loggers.CreateLogger<LeaderElector>());
        while (!cancellationToken.IsCancellationRequested)
        {
            await elector.RunAsync(LeadAsync, () => { }, cancellationToken);
        }
    }

    private async Task LeadAsync(CancellationToken cancellationToken)
    {
        var logger = _loggers.CreateLogger<ControllerManager>();
        var informers = new SharedInformers(client, _loggers, _options.ResyncPeriod);
        var time = _options.TimeProvider;
        var events = new EventRecorder(client, _options.Identity, time, _loggers.CreateLogger<EventRecorder>());
        var control = new ApiObjectControl(client, events);
        IController[] controllers =
        [
            ReplicaSetController.Create(informers, control, _loggers.CreateLogger<ReplicaSetController>(), time),
            ReplicaSetController.Create(informers, control, _loggers.CreateLogger<ReplicaSetController>(), time, ResourceTypes.ReplicationController),
            DeploymentController.Create(informers, control, _loggers.CreateLogger<DeploymentController>(), time),
            GarbageCollector.Create(informers, control, client, _loggers.CreateLogger<GarbageCollector>()),
            NamespaceController.Create(informers, control, client, _loggers.CreateLogger<NamespaceController>()),
            EndpointsController.Create(informers, control, _loggers.CreateLogger<EndpointsController>()),
            JobController.Create(informers, control, _loggers.CreateLogger<JobController>(), time),
            CronJobController.Create(informers, control, _loggers.CreateLogger<CronJobController>(), time),
            StatefulSetController.Create(informers, control, _loggers.CreateLogger<StatefulSetController>(), time),
            DaemonSetController.Create(informers, control, _loggers.CreateLogger<DaemonSetController>(), time),
            NodeLifecycleController.Create(informers, control, _options.NodeLifecycle, _loggers.CreateLogger<NodeLifecycleController>(), time),
            NodeConditionTaintController.Create(informers, control, _loggers.CreateLogger<NodeConditionTaintController>(), time),
            DisruptionController.Create(informers, control, _loggers.CreateLogger<DisruptionController>(), time),
            Autoscaling.HorizontalPodAutoscalerController.Create(informers, client, control, _options.Autoscaling, _loggers.CreateLogger<Autoscaling.HorizontalPodAutoscalerController>(), time),
            Storage.PersistentVolumeController.Create(informers, control, _loggers.CreateLogger<Storage.PersistentVolumeController>()),
            Ingress.IngressStatusController.Create(informers, control, _loggers.CreateLogger<Ingress.IngressStatusController>()),
            ResourceQuotas.ResourceQuotaController.Create(informers, control, _loggers.CreateLogger<ResourceQuotas.ResourceQuotaController>(), time),
        ];
        _leading = true;
        ControllerLog.Starting(logger, _options.Identity, controllers.Length);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = Task.WhenAll(informers.RunAsync(stop.Token), events.RunAsync(stop.Token));
        try
        {
            // Each controller waits for its own informers: one resource that cannot be listed does not hold up the rest.
            await Task.WhenAll(controllers.Select(c => c.RunAsync(_options.Workers, stop.Token)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _leading = false;
            await stop.CancelAsync();
            await running;
            ControllerLog.Stopped(logger, _options.Identity);
        }
    }
}
