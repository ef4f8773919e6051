using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Disruption;

/// <summary>
/// Keeps every PodDisruptionBudget's status (pkg/controller/disruption): expected and healthy pods,
/// how many disruptions are allowed now, the DisruptionAllowed condition, and the pods the
/// eviction API recorded as disrupted until they go or two minutes pass. The eviction API reads
/// this status to let a drain proceed or make it wait.
/// </summary>
public sealed partial class DisruptionController : QueueController
{
    private readonly Lister _budgets;
    private readonly Lister _pods;
    private readonly ControllerScale _scale;
    private readonly IObjectControl _control;
    private readonly ControllerEvents _events;

    internal DisruptionController(Lister budgets, Lister pods, Lister deployments, Lister replicaSets, Lister statefulSets, Lister replicationControllers, IObjectControl control, ILogger logger, TimeProvider? time = null)
        : base("disruption", logger, time)
    {
        _budgets = budgets;
        _pods = pods;
        _scale = new ControllerScale(deployments, replicaSets, statefulSets, replicationControllers);
        _control = control;
        // The disruption controller's recorder names itself so in kube-controller-manager.
        _events = new ControllerEvents(control, "controllermanager", ResourceTypes.PodDisruptionBudget);
    }

    public static DisruptionController Create(SharedInformers informers, IObjectControl control, ILogger logger, TimeProvider? time = null)
    {
        var budgets = informers.For(ResourceTypes.PodDisruptionBudget);
        var pods = informers.For(ResourceTypes.Pod);
        var deployments = informers.For(ResourceTypes.Deployment);
        var replicaSets = informers.For(ResourceTypes.ReplicaSet);
        var statefulSets = informers.For(ResourceTypes.StatefulSet);
        var replicationControllers = informers.For(ResourceTypes.ReplicationController);
        var controller = new DisruptionController(budgets.Lister, pods.Lister, deployments.Lister, replicaSets.Lister, statefulSets.Lister, replicationControllers.Lister, control, logger, time);
        controller.WaitFor(budgets, pods, deployments, replicaSets, statefulSets, replicationControllers);
        budgets.AddHandler(InformerHandler.Enqueue(controller.Enqueue));
        pods.AddHandler(new InformerHandler(
            controller.EnqueueBudgetsOf,
            (old, pod) =>
            {
                // A label change can move a pod from one budget to another: both hear of it.
                controller.EnqueueBudgetsOf(old);
                controller.EnqueueBudgetsOf(pod);
            },
            controller.EnqueueBudgetsOf));
        return controller;
    }

    private void EnqueueBudgetsOf(JsonObject pod)
    {
        foreach (var budget in _budgets.List(ObjectMeta.Namespace(pod)))
        {
            if (LabelSelector.FromJson(budget.At("spec", "selector")).MatchesObject(pod)) Enqueue(ObjectKeys.KeyOf(budget));
        }
    }

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var budget = _budgets.Get(key);
        if (budget is null) return;
        var now = Time.GetUtcNow();
        JsonObject? status;
        DateTimeOffset? recheck = null;
        try
        {
            (status, recheck) = NextStatus(budget, now);
        }
        catch (BudgetSyncException e)
        {
            LogSyncFailed(Logger, key, e.Message);
            _events.Warning(budget, "CalculateExpectedPodCountFailed", "Failed to calculate the number of expected pods: " + e.Message);
            status = BudgetStatus.Failed(budget, e.Message, now);
        }
        if (status is not null)
        {
            var copy = (JsonObject)budget.DeepClone();
            copy["status"] = status;
            try
            {
                await _control.UpdateStatusAsync(ResourceTypes.PodDisruptionBudget, copy, cancellationToken);
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                return;
            }
        }
        // A recorded eviction whose pod has not gone by its deadline stops counting then: look again at that time.
        if (recheck is { } at) EnqueueAfter(key, at - now);
    }

    /// <summary>The status the budget should have, or null when it has it; and when to look again.</summary>
    private (JsonObject? Status, DateTimeOffset? Recheck) NextStatus(JsonObject budget, DateTimeOffset now)
    {
        var selector = LabelSelector.FromJson(budget.At("spec", "selector"));
        var pods = selector.MatchesNothing ? [] : _pods.List(ObjectMeta.Namespace(budget), selector);
        if (pods.Count == 0) _events.Normal(budget, "NoPods", "No matching pods found");
        var (expected, desiredHealthy) = BudgetStatus.Desired(budget, pods, () =>
        {
            var (count, unmanaged) = _scale.Expected(pods);
            if (unmanaged.Count > 0) LogUnmanaged(Logger, ObjectKeys.KeyOf(budget), string.Join(", ", unmanaged));
            return count;
        });
        var (pending, recheck) = BudgetStatus.PendingDisruptions(budget, pods, now);
        var healthy = BudgetStatus.Healthy(pods, pending);
        return (BudgetStatus.Next(budget, expected, desiredHealthy, healthy, pending, now), recheck);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "disruption: budget {Key} allows no disruption until its pods can be counted: {Reason}")]
    private static partial void LogSyncFailed(ILogger logger, string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "disruption: budget {Key} selects pods without a controller ({Pods}); only an integer minAvailable counts them")]
    private static partial void LogUnmanaged(ILogger logger, string key, string pods);
}
