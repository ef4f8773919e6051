namespace Obs.Controllers.Tests;

/// <summary>The integration tests share one apiserver and one controller manager; each test works in a namespace of its own.</summary>
[CollectionDefinition(Name)]
public sealed class ControllerCollection : ICollectionFixture<ControllerCluster>
{
    public const string Name = "controllers";
}
