namespace Obs.ApiServer.Storage;

/// <summary>Where an object lives: its resource (<c>deployments.apps</c>), namespace ("" when cluster-scoped) and name.</summary>
public readonly record struct ObjectKey(string Resource, string Namespace, string Name)
{
    public override string ToString() => Namespace.Length == 0 ? $"{Resource}/{Name}" : $"{Resource}/{Namespace}/{Name}";
}
