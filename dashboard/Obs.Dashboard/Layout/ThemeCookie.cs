using Microsoft.AspNetCore.Http;

namespace Obs.Dashboard.Layout;

/// <summary>
/// The light/dark choice, kept in a cookie that the page's toggle writes, so the server renders
/// the chosen theme at once (no flash of the other one). Without the cookie the body has no theme
/// class and dashboard.js follows the browser's prefers-color-scheme.
/// </summary>
public static class ThemeCookie
{
    public const string Name = "obs-theme";

    public static string? ClassFor(HttpContext? context) => context?.Request.Cookies[Name] switch
    {
        "dark" => "dark",
        "light" => "light",
        _ => null,
    };
}
