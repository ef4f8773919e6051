namespace Obs.Dashboard.Auth;

/// <summary>Return addresses after sign-in: only paths on this dashboard, so a crafted link cannot send a user elsewhere.</summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";
}
