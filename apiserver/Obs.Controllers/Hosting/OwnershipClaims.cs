using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.Client.Rest;

namespace Obs.Controllers.Hosting;

/// <summary>
/// client-go's ControllerRefManager: of the candidates, the owner keeps those it controls and
/// its selector still matches, releases those it controls that no longer match, and adopts
/// matching orphans (objects no controller owns).
/// </summary>
public static class OwnershipClaims
{
    public static async Task<List<JsonObject>> ClaimAsync(ResourceType ownerType, JsonObject owner, LabelSelector selector,
        ResourceType childType, IEnumerable<JsonObject> candidates, IObjectControl control, CancellationToken cancellationToken)
    {
        var claimed = new List<JsonObject>();
        var ownerUid = ObjectMeta.Uid(owner);
        var ownerDeleting = ObjectMeta.DeletionTimestamp(owner) is not null;
        foreach (var child in candidates)
        {
            var controllerRef = OwnerReferences.Controller(child);
            var matches = selector.MatchesObject(child);
            if (controllerRef is not null)
            {
                if (controllerRef.StringAt("uid") != ownerUid) continue;
                if (matches)
                {
                    claimed.Add(child);
                    continue;
                }
                if (ownerDeleting) continue;
                var kept = OwnerReferences.Of(child).Where(r => r.StringAt("uid") != ownerUid);
                await PatchIgnoringGoneAsync(control, childType, child, OwnerReferences.Patch(child, kept), cancellationToken);
                continue;
            }
            if (!matches || ownerDeleting || ObjectMeta.DeletionTimestamp(child) is not null) continue;
            var refs = OwnerReferences.Of(child).Append(OwnerReferences.ControllerRef(ownerType, owner));
            if (await PatchIgnoringGoneAsync(control, childType, child, OwnerReferences.Patch(child, refs), cancellationToken) is { } adopted)
                claimed.Add(adopted);
        }
        return claimed;
    }

    private static async Task<JsonObject?> PatchIgnoringGoneAsync(IObjectControl control, ResourceType type, JsonObject obj, JsonObject patch, CancellationToken cancellationToken)
    {
        try
        {
            return await control.PatchAsync(type, ObjectMeta.Namespace(obj), ObjectMeta.Name(obj)!, patch, cancellationToken);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }
}
