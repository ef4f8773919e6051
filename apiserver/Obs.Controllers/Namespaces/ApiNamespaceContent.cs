using System.Text.Json.Nodes;
using Obs.Api.CustomResources;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Controllers.Namespaces;

/// <summary>The namespace deleter (namespaced_resources_deleter): a DELETE of every namespaced collection, then a count of what is left.</summary>
public sealed class ApiNamespaceContent(ApiClient client) : INamespaceContent
{
    public static IEnumerable<ResourceType> Namespaced => ResourceTypes.All.Where(t => t.Namespaced);

    public async Task<int> DeleteAllAsync(string @namespace, CancellationToken cancellationToken)
    {
        var remaining = 0;
        foreach (var type in Namespaced.Concat(await CustomNamespacedAsync(cancellationToken)))
        {
            ObjectList page;
            try
            {
                page = await client.ListAsync(type, @namespace, new ListOptions { Limit = 1 }, cancellationToken);
            }
            catch (ApiException e) when (e.IsNotFound && type.Custom is not null)
            {
                continue; // a definition whose names were not accepted serves nothing
            }
            if (page.Items.Count == 0) continue;
            try
            {
                await client.DeleteCollectionAsync(type, @namespace, null, DeleteOptions.Background, cancellationToken);
            }
            catch (ApiException e) when (e.IsMethodNotSupported || e.IsNotFound)
            {
            }
            var left = await client.ListAsync(type, @namespace, null, cancellationToken);
            remaining += left.Items.Count;
        }
        return remaining;
    }

    /// <summary>The namespaced resources CustomResourceDefinitions add, at their preferred version: their objects go with the namespace too.</summary>
    private async Task<IEnumerable<ResourceType>> CustomNamespacedAsync(CancellationToken cancellationToken)
    {
        var definitions = await client.ListAsync(ResourceTypes.CustomResourceDefinition, null, null, cancellationToken);
        return definitions.Items.SelectMany(d => CustomResourceDefinitions.ServedTypes(d).Take(1)).Where(t => t.Namespaced).ToList();
    }

    public async Task FinalizeAsync(string @namespace, CancellationToken cancellationToken)
    {
        var ns = await client.GetAsync(ResourceTypes.Namespace, null, @namespace, cancellationToken);
        var finalizers = ns.At("spec", "finalizers") is JsonArray list
            ? list.Select(f => f?.GetValue<string>()).Where(f => f is not null && f != "kubernetes").Select(f => (JsonNode)f!).ToArray()
            : [];
        ns.Ensure("spec")["finalizers"] = new JsonArray(finalizers);
        await client.ReplaceSubresourceAsync(ResourceTypes.Namespace, null, @namespace, "finalize", ns, null, cancellationToken);
    }
}
