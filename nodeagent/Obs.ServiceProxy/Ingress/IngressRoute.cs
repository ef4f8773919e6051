namespace Obs.ServiceProxy.Ingress;

/// <summary>One path of one Ingress rule, its path normalized for matching.</summary>
internal sealed record IngressRoute(IngressPathType Type, string Path, IngressBackend Backend)
{
    public bool Matches(string requestPath) => IngressPaths.Matches(Type, Path, requestPath);
}
