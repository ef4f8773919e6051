namespace Obs.EndToEnd.Tests.ObsCommand;

/// <summary>
/// The alerting end-to-end classes share one <c>obs up</c> cluster (each start costs about a minute of
/// the suite) and run one after the other on it, in no fixed order: a class that needs the node agent
/// restarts it if another one stopped it (<see cref="ObsUpCluster.EnsureAgentRunsAsync"/>).
/// </summary>
[CollectionDefinition(Name)]
public sealed class AlertingCollection : ICollectionFixture<ObsUpCluster>
{
    public const string Name = "obs up alerting";
}
