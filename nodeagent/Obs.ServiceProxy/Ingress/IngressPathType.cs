namespace Obs.ServiceProxy.Ingress;

/// <summary>How an Ingress path matches: <c>ImplementationSpecific</c> is served as <see cref="Prefix"/>.</summary>
internal enum IngressPathType
{
    Exact,
    Prefix,
}
