namespace Obs.Api.Patch;

/// <summary>Why a patch was refused; decides the HTTP status the apiserver answers with.</summary>
public enum PatchFailure
{
    /// <summary>The patch itself is not well formed (400 BadRequest), whatever the object.</summary>
    Malformed,
    /// <summary>The patch is well formed but cannot be applied to this object (422 Invalid).</summary>
    NotApplicable,
    /// <summary>The patch has more operations than the server accepts (413 RequestEntityTooLarge).</summary>
    TooLarge,
}
