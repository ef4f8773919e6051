using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace Obs.Dashboard.Auth;

/// <summary>
/// The cookie that keeps a user signed in: their bearer token, encrypted and signed with ASP.NET
/// Data Protection and stamped with an expiry, so the browser never holds the raw token and a
/// tampered or stale cookie is simply not accepted. HTTP-only (no script can read it) and
/// SameSite=Strict (no other site's page sends it).
/// </summary>
public sealed class SignInCookie(IDataProtectionProvider provider, TimeProvider time)
{
    public const string Name = "obs-session";

    /// <summary>How long a sign-in lasts before the user must give the token again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly ITimeLimitedDataProtector _protector =
        provider.CreateProtector("Obs.Dashboard.SignIn.v1").ToTimeLimitedDataProtector();

    public void Write(HttpContext context, string token)
    {
        var value = _protector.Protect(token, time.GetUtcNow() + Lifetime);
        context.Response.Cookies.Append(Name, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
    }

    public static void Delete(HttpContext context) => context.Response.Cookies.Delete(Name, new CookieOptions { Path = "/" });

    /// <summary>The token in the request's cookie, or null when there is none or it does not unprotect (forged, expired, old keys).</summary>
    public string? Read(HttpContext context)
    {
        if (context.Request.Cookies[Name] is not { Length: > 0 } value) return null;
        try
        {
            var token = _protector.Unprotect(value, out var expires);
            return expires > time.GetUtcNow() ? token : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
