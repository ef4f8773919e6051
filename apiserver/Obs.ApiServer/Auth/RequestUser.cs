using Microsoft.AspNetCore.Http;

namespace Obs.ApiServer.Auth;

/// <summary>The user a request acts as (after impersonation), kept on the request for the steps that need it (escalation checks).</summary>
public static class RequestUser
{
    private static readonly object Key = new();

    public static void Set(HttpContext context, UserInfo user) => context.Items[Key] = user;

    public static UserInfo? Get(HttpContext context) => context.Items.TryGetValue(Key, out var user) ? user as UserInfo : null;

    private static readonly object RequesterKey = new();

    /// <summary>Keeps who the request acts as for every user, system:masters too, for what it is told (admission webhooks' reviews).</summary>
    public static void SetRequester(HttpContext context, UserInfo user) => context.Items[RequesterKey] = user;

    public static UserInfo? GetRequester(HttpContext context) => context.Items.TryGetValue(RequesterKey, out var user) ? user as UserInfo : null;
}
