using Microsoft.AspNetCore.Http;
using Obs.Api.Resources;

namespace Obs.ApiServer.Http;

/// <summary>
/// Kinds Obs stores and validates but cannot act on. Every successful create, update or patch of one
/// answers with a <c>Warning</c> header, which kubectl prints (<c>Warning: …</c>), so nobody takes a
/// stored policy for an enforced one. NetworkPolicy: pods share their node's network (no per-pod
/// network namespace, no packet filter), so no traffic is ever blocked.
/// </summary>
public static class UnenforcedPolicyWarning
{
    public const string NetworkPolicy =
        "NetworkPolicy is stored but not enforced: Obs pods share their node's network, so this policy blocks no traffic";

    private static readonly Dictionary<ResourceType, string> Warnings = new()
    {
        [ResourceTypes.NetworkPolicy] = NetworkPolicy,
    };

    /// <summary>Adds the kind's warning to the response if the write succeeds (a refused write stored nothing to warn about).</summary>
    public static void OnSuccess(HttpContext context, RequestInfo info)
    {
        if (info.Verb is not ("create" or "update" or "patch") || !Warnings.TryGetValue(info.Type, out var text)) return;
        var response = context.Response;
        response.OnStarting(() =>
        {
            if (response.StatusCode is >= 200 and < 300) WarningHeader.Add(context, text);
            return Task.CompletedTask;
        });
    }
}
