namespace Obs.Api.Defaults;

/// <summary>
/// kube-apiserver's DefaultTolerationSeconds admission settings: how long a pod that does not say otherwise stays bound to a
/// node that is not ready or unreachable before the node lifecycle controller evicts it
/// (<c>--default-not-ready-toleration-seconds</c>, <c>--default-unreachable-toleration-seconds</c>).
/// </summary>
public sealed record DefaultTolerationSeconds
{
    /// <summary>Kubernetes' default for both: five minutes.</summary>
    public const long Default = 300;

    /// <summary>tolerationSeconds of the added <c>node.kubernetes.io/not-ready:NoExecute</c> toleration.</summary>
    public long NotReady { get; init; } = Default;

    /// <summary>tolerationSeconds of the added <c>node.kubernetes.io/unreachable:NoExecute</c> toleration.</summary>
    public long Unreachable { get; init; } = Default;
}
