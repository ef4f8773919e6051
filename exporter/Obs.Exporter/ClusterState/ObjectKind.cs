namespace Obs.Exporter.ClusterState;

/// <summary>
/// A resource whose objects' lines are rendered once per version: the labels that identify an object, and its
/// families in order. <paramref name="LabelsDependOnFormat"/> marks a kind with a numeric label value, which the
/// two exposition formats write differently (<c>1</c>, <c>1.0</c>): its lines are rendered once per format.
/// </summary>
internal sealed record ObjectKind(string Resource, ObjectIdentity Identity, ObjectFamily[] Families, bool LabelsDependOnFormat = false);
