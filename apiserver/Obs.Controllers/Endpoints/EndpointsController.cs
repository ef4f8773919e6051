using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Endpoints;

/// <summary>
/// Keeps an Endpoints object and an EndpointSlice for every Service with a selector
/// (pkg/controller/endpoint and endpointslice): the matching pods' IPs, ready ones as addresses
/// and the others as notReadyAddresses, with each service port resolved against the pod. A write
/// that fails is a Warning event, as the two Kubernetes controllers record it: FailedToCreateEndpoint
/// or FailedToUpdateEndpoint on the Endpoints, FailedToUpdateEndpointSlices on the Service.
/// </summary>
public sealed class EndpointsController : QueueController
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ManagedBy = "endpointslice-controller.k8s.io";
    public const string HeadlessLabel = "service.kubernetes.io/headless";

    private readonly Lister _services;
    private readonly Lister _pods;
    private readonly Lister _endpoints;
    private readonly Lister _slices;
    private readonly IObjectControl _control;
    private readonly ControllerEvents _endpointEvents;
    private readonly ControllerEvents _sliceEvents;
    private readonly UnseenWrites _sliceWrites;

    internal EndpointsController(Lister services, Lister pods, Lister endpoints, Lister slices, IObjectControl control, ILogger logger)
        : base("endpoints", logger)
    {
        _services = services;
        _pods = pods;
        _endpoints = endpoints;
        _slices = slices;
        _control = control;
        _endpointEvents = new ControllerEvents(control, "endpoint-controller", ResourceTypes.Endpoints);
        _sliceEvents = new ControllerEvents(control, "endpointslice-controller", ResourceTypes.Service);
        _sliceWrites = new UnseenWrites(Time);
    }

    public static EndpointsController Create(SharedInformers informers, IObjectControl control, ILogger logger)
    {
        var services = informers.For(ResourceTypes.Service);
        var pods = informers.For(ResourceTypes.Pod);
        var endpoints = informers.For(ResourceTypes.Endpoints);
        var slices = informers.For(ResourceTypes.EndpointSlice);
        var controller = new EndpointsController(services.Lister, pods.Lister, endpoints.Lister, slices.Lister, control, logger);
        controller.WaitFor(services, pods, endpoints, slices);
        services.AddHandler(InformerHandler.Enqueue(controller.Enqueue));
        pods.AddHandler(new InformerHandler(
            controller.EnqueueServicesOf,
            (old, pod) =>
            {
                controller.EnqueueServicesOf(old);
                controller.EnqueueServicesOf(pod);
            },
            controller.EnqueueServicesOf));
        // Someone else's edit of what this controller owns is undone.
        endpoints.AddHandler(new InformerHandler(onUpdate: (_, ep) => controller.Enqueue(ObjectKeys.KeyOf(ep)), onDelete: ep => controller.Enqueue(ObjectKeys.KeyOf(ep))));
        // Slices too, and every new one: a service waiting for its informer to show the slices it wrote syncs once it
        // does, and a second slice of the same pods (made by hand, or by another replica) is removed.
        slices.AddHandler(new InformerHandler(
            slice => controller.EnqueueServiceOf(slice),
            (_, slice) => controller.EnqueueServiceOf(slice),
            slice =>
            {
                if (controller.EnqueueServiceOf(slice) is { } service) controller._sliceWrites.Gone(service, ObjectMeta.Name(slice)!);
            }));
        return controller;
    }

    /// <summary>Enqueues the service a managed slice belongs to, and returns its key.</summary>
    private string? EnqueueServiceOf(JsonObject slice)
    {
        if (ObjectMeta.Label(slice, ManagedByLabel) != ManagedBy || ObjectMeta.Label(slice, ServiceNameLabel) is not { Length: > 0 } service) return null;
        var key = ObjectKeys.Key(ObjectMeta.Namespace(slice), service);
        Enqueue(key);
        return key;
    }

    private void EnqueueServicesOf(JsonObject pod)
    {
        foreach (var svc in _services.List(ObjectMeta.Namespace(pod)))
        {
            if (Selector(svc) is { } selector && selector.MatchesObject(pod)) Enqueue(ObjectKeys.KeyOf(svc));
        }
    }

    /// <summary>The service's pod selector; null for a service without one (its endpoints are someone else's).</summary>
    private static LabelSelector? Selector(JsonNode svc)
    {
        var labels = svc.At("spec", "selector").StringMap().ToList();
        return labels.Count == 0 ? null : LabelSelector.FromSet(labels);
    }

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = ObjectKeys.Split(key);
        var svc = _services.Get(key);
        if (svc is null)
        {
            _sliceWrites.Forget(key);
            // The slices are owned by the service and go with it; Endpoints carry no owner.
            if (_endpoints.Get(key) is not null) await _control.DeleteAsync(ResourceTypes.Endpoints, ns, name, null, null, cancellationToken);
            return;
        }
        if (Selector(svc) is not { } selector) return;
        var publishNotReady = svc.BoolAt("spec", "publishNotReadyAddresses") == true;
        var pods = _pods.List(ns, selector)
            .Where(p => !string.IsNullOrEmpty(p.StringAt("status", "podIP")))
            .Where(p => p.StringAt("status", "phase") is not ("Succeeded" or "Failed"))
            .Where(p => ObjectMeta.DeletionTimestamp(p) is null || publishNotReady)
            .OrderBy(p => p.StringAt("status", "podIP"), StringComparer.Ordinal)
            .ToList();
        var endpoints = EndpointsBuilder.Build(svc, pods, publishNotReady);
        // Two controllers in Kubernetes: a failed Endpoints write does not hold the slices back.
        ApiException? failed = null;
        try
        {
            await WriteEndpointsAsync(svc, endpoints, cancellationToken);
        }
        catch (ApiException e)
        {
            failed = e;
        }
        try
        {
            await WriteSlicesAsync(svc, EndpointsBuilder.BuildSlices(svc, pods, publishNotReady), cancellationToken);
        }
        catch (ApiException e)
        {
            _sliceEvents.Warning(svc, "FailedToUpdateEndpointSlices", $"Error updating Endpoint Slices for Service {ns}/{name}: {e.Message}");
            failed ??= e;
        }
        if (failed is not null) throw failed;
    }

    private async Task WriteEndpointsAsync(JsonObject svc, JsonObject desired, CancellationToken cancellationToken)
    {
        var existing = _endpoints.Get(ObjectMeta.Namespace(svc), ObjectMeta.Name(svc)!);
        if (existing is null)
        {
            try
            {
                await _control.CreateAsync(ResourceTypes.Endpoints, desired, cancellationToken);
            }
            catch (ApiException e) when (e.IsForbidden)
            {
                // The namespace is terminating.
            }
            catch (ApiException e)
            {
                _endpointEvents.Warning(desired, "FailedToCreateEndpoint", $"Failed to create endpoint for service {ObjectMeta.Namespace(svc)}/{ObjectMeta.Name(svc)}: {e.Message}");
                throw;
            }
            return;
        }
        if (JsonNode.DeepEquals(existing["subsets"] ?? new JsonArray(), desired["subsets"]) && JsonNode.DeepEquals(existing.At("metadata", "labels"), desired.At("metadata", "labels"))) return;
        var copy = (JsonObject)existing.DeepClone();
        copy["subsets"] = desired["subsets"]!.DeepClone();
        copy.Ensure("metadata")["labels"] = desired.At("metadata", "labels")?.DeepClone();
        try
        {
            await _control.UpdateAsync(ResourceTypes.Endpoints, copy, cancellationToken);
        }
        catch (ApiException e)
        {
            _endpointEvents.Warning(copy, "FailedToUpdateEndpoint", $"Failed to update endpoint {ObjectMeta.Namespace(svc)}/{ObjectMeta.Name(svc)}: {e.Message}");
            throw;
        }
    }

    private async Task WriteSlicesAsync(JsonObject svc, List<JsonObject> desired, CancellationToken cancellationToken)
    {
        var serviceName = ObjectMeta.Name(svc);
        var existing = _slices.List(ObjectMeta.Namespace(svc))
            .Where(s => ObjectMeta.Label(s, ServiceNameLabel) == serviceName && ObjectMeta.Label(s, ManagedByLabel) == ManagedBy)
            .OrderBy(s => ObjectMeta.Name(s), StringComparer.Ordinal)
            .ToList();
        var key = ObjectKeys.KeyOf(svc);
        if (!_sliceWrites.Seen(key, existing))
        {
            // The slices' own events sync the service again once the informer shows them; this is in case one is lost.
            EnqueueAfter(key, TimeSpan.FromSeconds(1));
            return;
        }
        for (var i = 0; i < desired.Count; i++)
        {
            if (i >= existing.Count)
            {
                try
                {
                    _sliceWrites.Wrote(key, await _control.CreateAsync(ResourceTypes.EndpointSlice, desired[i], cancellationToken));
                }
                catch (ApiException e) when (e.IsForbidden)
                {
                }
                continue;
            }
            var current = existing[i];
            if (JsonNode.DeepEquals(current["endpoints"] ?? new JsonArray(), desired[i]["endpoints"]) && JsonNode.DeepEquals(current["ports"] ?? new JsonArray(), desired[i]["ports"])) continue;
            var copy = (JsonObject)current.DeepClone();
            copy["endpoints"] = desired[i]["endpoints"]!.DeepClone();
            copy["ports"] = desired[i]["ports"]!.DeepClone();
            _sliceWrites.Wrote(key, await _control.UpdateAsync(ResourceTypes.EndpointSlice, copy, cancellationToken));
        }
        foreach (var extra in existing.Skip(desired.Count))
        {
            await _control.DeleteAsync(ResourceTypes.EndpointSlice, ObjectMeta.Namespace(extra), ObjectMeta.Name(extra)!, ObjectMeta.Uid(extra), null, cancellationToken);
            _sliceWrites.Deleting(key, ObjectMeta.Name(extra)!);
        }
    }
}
