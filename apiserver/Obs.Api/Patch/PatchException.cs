namespace Obs.Api.Patch;

/// <summary>
/// A patch that could not be applied. The message names the operation and the path, e.g.
/// <c>replace operation does not apply: doc is missing path: "/spec/foo"</c>, so the user can act on it.
/// </summary>
public sealed class PatchException(PatchFailure failure, string message) : Exception(message)
{
    public PatchFailure Failure { get; } = failure;

    /// <summary>The HTTP status code Kubernetes answers with for this failure.</summary>
    public int StatusCode => Failure switch
    {
        PatchFailure.Malformed => 400,
        PatchFailure.TooLarge => 413,
        _ => 422,
    };

    /// <summary>The <c>Status.reason</c> Kubernetes puts next to <see cref="StatusCode"/>.</summary>
    public string Reason => Failure switch
    {
        PatchFailure.Malformed => "BadRequest",
        PatchFailure.TooLarge => "RequestEntityTooLarge",
        _ => "Invalid",
    };

    internal static PatchException Malformed(string message) => new(PatchFailure.Malformed, message);
    internal static PatchException NotApplicable(string message) => new(PatchFailure.NotApplicable, message);
}
