using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Namespaces;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Namespaces;

public sealed class NamespaceControllerTests
{
    private readonly RecordingObjectControl _control = new();
    private readonly CountingContent _content = new();

    private sealed class CountingContent : INamespaceContent
    {
        public int Remaining;
        public int Deletes;
        public List<string> Finalized { get; } = [];

        public Task<int> DeleteAllAsync(string @namespace, CancellationToken cancellationToken)
        {
            Deletes++;
            return Task.FromResult(Remaining);
        }

        public Task FinalizeAsync(string @namespace, CancellationToken cancellationToken)
        {
            Finalized.Add(@namespace);
            return Task.CompletedTask;
        }
    }

    private static JsonObject Namespace(bool terminating)
    {
        var ns = new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = "team" },
            ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
        };
        if (terminating) ns["metadata"]!["deletionTimestamp"] = Stores.At(1);
        return ns;
    }

    private NamespaceController Controller(JsonObject ns, params JsonObject[] serviceAccounts) =>
        new(Stores.New(ns).Lister, Stores.New(serviceAccounts).Lister, _control, _content, NullLogger.Instance);

    [Fact]
    public async Task AnActiveNamespaceGetsTheDefaultServiceAccount()
    {
        await Controller(Namespace(false)).SyncAsync("team", default);
        var sa = Assert.Single(_control.Of("create", ResourceTypes.ServiceAccount));
        Assert.Equal("default", ObjectMeta.Name(sa));
        Assert.Equal("team", ObjectMeta.Namespace(sa));
        Assert.Equal(0, _content.Deletes);
    }

    [Fact]
    public async Task AnExistingDefaultServiceAccountIsLeftAlone()
    {
        var sa = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = "team" } };
        await Controller(Namespace(false), sa).SyncAsync("team", default);
        Assert.Empty(_control.Actions);
    }

    [Fact]
    public async Task ATerminatingNamespaceIsFinalizedOnlyOnceEmpty()
    {
        _content.Remaining = 3;
        var controller = Controller(Namespace(true));
        await controller.SyncAsync("team", default);
        Assert.Empty(_content.Finalized);
        _content.Remaining = 0;
        await controller.SyncAsync("team", default);
        Assert.Equal(["team"], _content.Finalized);
        Assert.Equal(2, _content.Deletes);
        Assert.Empty(_control.Of("create", ResourceTypes.ServiceAccount));
    }
}
