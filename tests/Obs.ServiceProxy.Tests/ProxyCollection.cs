namespace Obs.ServiceProxy.Tests;

/// <summary>The integration tests share one apiserver and one running proxy; each test works in a namespace of its own.</summary>
[CollectionDefinition(Name)]
public sealed class ProxyCollection : ICollectionFixture<ProxyCluster>
{
    public const string Name = "proxy";
}
