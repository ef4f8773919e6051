using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.Endpoints;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Endpoints;

/// <summary>Writes the endpoints controllers could not make are Warning events, as in Kubernetes.</summary>
public sealed class EndpointsEventsTests
{
    private readonly RecordingObjectControl _control = new();

    private static JsonObject Service() => (JsonObject)JsonNode.Parse(
        """{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "ns", "uid": "svc-uid"}, "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]}}""")!;

    private Task SyncAsync(JsonObject? endpoints = null) =>
        new EndpointsController(Stores.New(Service()).Lister, Stores.New(Stores.Pod("a", null, readyFor: 5)).Lister,
            endpoints is null ? Stores.New().Lister : Stores.New(endpoints).Lister, Stores.New().Lister, _control, NullLogger.Instance).SyncAsync("ns/web", default);

    [Fact]
    public async Task FailedCreatesAreWarningsOnTheEndpointsAndOnTheService()
    {
        _control.CreateError = new ApiException(new JsonObject { ["kind"] = "Status", ["code"] = 422, ["reason"] = "Invalid", ["message"] = "quota exceeded" });
        await Assert.ThrowsAsync<ApiException>(() => SyncAsync());
        Assert.Equal(
        [
            "Warning FailedToCreateEndpoint endpoint-controller Failed to create endpoint for service ns/web: quota exceeded",
            "Warning FailedToUpdateEndpointSlices endpointslice-controller Error updating Endpoint Slices for Service ns/web: quota exceeded",
        ], _control.EventLines);
        Assert.Equal(("Endpoints", "web"), (_control.Events[0].About.Kind, _control.Events[0].About.Name));
        Assert.Equal(("Service", "svc-uid"), (_control.Events[1].About.Kind, _control.Events[1].About.Uid));
    }

    [Fact]
    public async Task AnEndpointsWriteThatWorksIsNoEvent()
    {
        await SyncAsync();
        Assert.Single(_control.Of("create", ResourceTypes.Endpoints));
        Assert.Empty(_control.Events);
    }
}
