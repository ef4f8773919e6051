namespace Obs.Api.Apply;

/// <summary>The <c>operation</c> of a <c>managedFields</c> entry.</summary>
public enum ManagedFieldsOperation
{
    /// <summary>Fields set through server-side apply; the set is exactly the last applied configuration.</summary>
    Apply,
    /// <summary>Fields changed through create, update or patch; the set grows with each write.</summary>
    Update,
}
