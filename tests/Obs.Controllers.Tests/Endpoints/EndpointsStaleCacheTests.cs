using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Controllers.Endpoints;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Endpoints;

/// <summary>
/// A sync that reads a slice cache which does not yet show the controller's last writes waits for it, instead of
/// making the same slice again (seen in the suite: one pod in two slices) or deleting one twice.
/// </summary>
public sealed class EndpointsStaleCacheTests
{
    private readonly RecordingObjectControl _control = new();
    private readonly (IndexedStore Store, Lister Lister) _slices = Stores.New();

    private static JsonObject Service() => (JsonObject)JsonNode.Parse(
        """{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "ns", "uid": "svc-uid"}, "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": 8080}]}}""")!;

    private EndpointsController Controller() =>
        new(Stores.New(Service()).Lister, Stores.New(Stores.Pod("a", null, readyFor: 5)).Lister, Stores.New().Lister, _slices.Lister, _control, NullLogger.Instance);

    [Fact]
    public async Task ASliceJustMadeIsNotMadeAgainBeforeTheInformerShowsIt()
    {
        var controller = Controller();
        await controller.SyncAsync("ns/web", default);
        var made = Assert.Single(_control.Of("create", ResourceTypes.EndpointSlice));

        await controller.SyncAsync("ns/web", default);
        Assert.Single(_control.Of("create", ResourceTypes.EndpointSlice));

        // Once the informer shows it, the service syncs as usual: nothing to change.
        _slices.Store.Upsert(made);
        await controller.SyncAsync("ns/web", default);
        Assert.Single(_control.Of("create", ResourceTypes.EndpointSlice));
        Assert.Empty(_control.Of("update", ResourceTypes.EndpointSlice));
    }

    [Fact]
    public async Task AnExtraSliceIsDeletedOnceNotTwice()
    {
        var controller = Controller();
        await controller.SyncAsync("ns/web", default);
        var made = _control.Of("create", ResourceTypes.EndpointSlice).Single();
        var twin = (JsonObject)made.DeepClone();
        twin.Ensure("metadata")["name"] = "web-zzz";
        _slices.Store.Upsert(made);
        _slices.Store.Upsert(twin);

        await controller.SyncAsync("ns/web", default);
        await controller.SyncAsync("ns/web", default);
        Assert.Equal(["web-zzz"], _control.Of("delete", ResourceTypes.EndpointSlice).Select(d => d.StringAt("metadata", "name")));
    }
}
