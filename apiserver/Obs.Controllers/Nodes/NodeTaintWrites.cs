using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Nodes;

/// <summary>
/// Writes a change to a node's taints as Kubernetes' AddOrUpdateTaintOnNode does: made to the copy at hand and PUT
/// with its resourceVersion, and on a conflict made again to a fresh read from the apiserver. Several writers share
/// <c>spec.taints</c> (the node lifecycle controller's NoExecute pass, the condition taint controller, <c>kubectl taint</c>), so a whole-list write from
/// a stale copy would drop what another added meanwhile; the compare-and-swap refuses it instead.
/// </summary>
internal static class NodeTaintWrites
{
    // client-go's UpdateTaintBackoff tries five times.
    private const int Attempts = 5;

    /// <summary>
    /// Applies <paramref name="change"/> (true when it changed something) and writes the node only then. Returns the
    /// node as stored, or null when it was deleted meanwhile.
    /// </summary>
    public static async Task<JsonObject?> UpdateAsync(IObjectControl control, JsonObject node, Func<JsonObject, bool> change, CancellationToken cancellationToken)
    {
        var current = node;
        for (var attempt = 1; ; attempt++)
        {
            var changed = (JsonObject)current.DeepClone();
            if (!change(changed)) return current;
            try
            {
                return await control.UpdateAsync(ResourceTypes.Node, changed, cancellationToken);
            }
            catch (ApiException e) when (e.IsConflict && attempt < Attempts)
            {
                if (await control.GetAsync(ResourceTypes.Node, null, ObjectMeta.Name(node)!, cancellationToken) is not { } fresh) return null;
                current = fresh;
            }
        }
    }
}
