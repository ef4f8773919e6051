namespace Obs.Api.Apply;

/// <summary>
/// One field an apply would change that another manager owns. <see cref="Manager"/> is printed as
/// Kubernetes prints it (<c>"kubectl-client-side-apply" using apps/v1</c>) and <see cref="Field"/> as a path
/// (<c>.spec.replicas</c>); together they form a <c>FieldManagerConflict</c> status cause.
/// </summary>
public sealed record ApplyConflict(string Manager, string Field)
{
    /// <summary>The cause message Kubernetes puts in <c>details.causes[].message</c>.</summary>
    public string Message => $"conflict with {Manager}";
}
