namespace Obs.Exporter.ClusterState;

/// <summary>A resource whose objects' lines are rendered once per version: the labels that identify an object, and its families in order.</summary>
internal sealed record ObjectKind(string Resource, ObjectIdentity Identity, ObjectFamily[] Families);
