using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Client.Events;

namespace Obs.Controllers.Hosting;

/// <summary>
/// The Events one controller writes about objects of one resource, under the component name
/// kube-controller-manager gives it (<c>replicaset-controller</c>, <c>job-controller</c>…), so
/// <c>kubectl describe</c> shows them in the object's Events with the same From column.
/// </summary>
public sealed class ControllerEvents(IObjectControl control, string component, ResourceType about)
{
    public void Normal(JsonObject obj, string reason, string message) =>
        control.RecordEvent(component, InvolvedObject.From(about, obj), EventTypes.Normal, reason, message);

    public void Warning(JsonObject obj, string reason, string message) =>
        control.RecordEvent(component, InvolvedObject.From(about, obj), EventTypes.Warning, reason, message);
}
