namespace Obs.Dashboard.Auth;

/// <summary>The outcome of checking a token with the API: a session, or the message the sign-in page shows.</summary>
public sealed record SignInResult(UserSession? Session, string? Error)
{
    public static SignInResult Accepted(UserSession session) => new(session, null);

    public static SignInResult Refused(string error) => new(null, error);
}
