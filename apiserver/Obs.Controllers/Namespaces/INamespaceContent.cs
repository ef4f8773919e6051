namespace Obs.Controllers.Namespaces;

/// <summary>What the namespace controller does to a terminating namespace: behind an interface so a sync test can count it.</summary>
public interface INamespaceContent
{
    /// <summary>Deletes everything in the namespace; returns how many objects are still there.</summary>
    Task<int> DeleteAllAsync(string @namespace, CancellationToken cancellationToken);

    /// <summary>Removes the <c>kubernetes</c> finalizer through <c>/finalize</c>; the apiserver then deletes the namespace.</summary>
    Task FinalizeAsync(string @namespace, CancellationToken cancellationToken);
}
