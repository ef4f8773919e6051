using System.Text.Json.Nodes;
using Obs.Api.CustomResources;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Controllers.GarbageCollection;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.GarbageCollection;

public sealed class CollectedResourcesTests
{
    private static readonly IReadOnlyList<ResourceType> Gadgets = CustomResourceDefinitions.ServedTypes(JsonNode.Parse("""
        {"metadata":{"name":"gadgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"gadgets","kind":"Gadget"},
                 "versions":[{"name":"v1beta1","served":true,"storage":false},{"name":"v1","served":true,"storage":true}]}}
        """)!.AsObject());

    private static CollectedResources BuiltIn() => new(new Dictionary<ResourceType, Lister> { [ResourceTypes.ConfigMap] = Stores.New().Lister });

    [Fact]
    public void EveryServedVersionOfACustomKindResolvesToTheWatchedStorageVersion()
    {
        var collected = BuiltIn().With(Gadgets, Stores.New().Lister);
        Assert.Equal("v1", collected.FindByKind("example.com/v1beta1", "Gadget")!.Version);
        Assert.Equal("v1", collected.FindByKind("example.com/v1", "Gadget")!.Version);
        Assert.True(collected.TryGet("gadgets.example.com", out _));
        Assert.Equal(ResourceTypes.ConfigMap, collected.FindByKind("v1", "ConfigMap"));
    }

    [Fact]
    public void AKindNoLongerFollowedIsUnknownAgain()
    {
        var collected = BuiltIn().With(Gadgets, Stores.New().Lister).Without(Gadgets[0].Storage);
        Assert.Null(collected.FindByKind("example.com/v1beta1", "Gadget"));
        Assert.False(collected.TryGet("gadgets.example.com", out _));
        Assert.True(collected.TryGet("configmaps", out _));
    }
}
