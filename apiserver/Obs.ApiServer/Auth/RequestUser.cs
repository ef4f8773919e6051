using Microsoft.AspNetCore.Http;

namespace Obs.ApiServer.Auth;

/// <summary>The user a request acts as (after impersonation), kept on the request for the steps that need it (escalation checks).</summary>
public static class RequestUser
{
    private static readonly object Key = new();

    public static void Set(HttpContext context, UserInfo user) => context.Items[Key] = user;

    public static UserInfo? Get(HttpContext context) => context.Items.TryGetValue(Key, out var user) ? user as UserInfo : null;
}
