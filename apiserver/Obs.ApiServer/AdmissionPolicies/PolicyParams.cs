using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.CustomResources;
using Obs.ApiServer.Registry;
using Obs.ApiServer.Webhooks;

namespace Obs.ApiServer.AdmissionPolicies;

/// <summary>
/// The parameter objects a binding gives its policy, from the watch cache, as kube-apiserver collects them: none needed
/// (one evaluation with null params) when the policy has no paramKind; else the object paramRef names, or every object
/// its selector picks, in paramRef's namespace or (for a namespaced kind) the request's. Throws
/// <see cref="PolicyConfigurationException"/> for a binding that cannot be served (no paramRef, an unknown kind, none found
/// under parameterNotFoundAction Deny); an empty list means none was found and the binding allows the write.
/// </summary>
public sealed class PolicyParams(WatchCache cache, IServiceProvider services)
{
    public IReadOnlyList<JsonObject?> For(CompiledPolicy policy, PolicyBinding binding, AdmissionAttributes request)
    {
        if (policy.ParamKind is not { } kind) return [null];
        var described = $"{kind.ApiVersion}, Kind={kind.Kind}";
        if (binding.ParamRef is not { } paramRef) throw new PolicyConfigurationException($"paramKind kind `{described}` is set but paramRef is nil");
        var type = Resolve(kind.ApiVersion, kind.Kind) ?? throw new PolicyConfigurationException($"paramKind kind `{described}` not known");
        var ns = paramRef.Namespace;
        if (ns is null && type.Namespaced)
        {
            ns = request.Namespace.Length > 0 ? request.Namespace
                : throw new PolicyConfigurationException("cannot use namespaced paramRef in policy binding that matches cluster-scoped resources");
        }
        var found = new List<JsonObject?>();
        if (paramRef.Name is { } name)
        {
            if (cache.Get(ObjectRegistry.KeyOf(type, ns, name)) is { } param) found.Add(param.ToMutable());
        }
        else if (paramRef.Selector is { } selector)
        {
            var filter = new WatchFilter(type.Namespaced ? ns : null, o => selector.Matches(o.Label));
            found.AddRange(cache.List(type.GroupResource, filter).Items.Select(o => o.ToMutable()));
        }
        if (found.Count == 0 && paramRef.DenyWhenNotFound)
            throw new PolicyConfigurationException("no params found for policy binding with `Deny` parameterNotFoundAction");
        return found;
    }

    /// <summary>
    /// A built-in kind, or one a CustomResourceDefinition serves. The catalog is looked up when first needed: it writes
    /// through the registry, whose admission reaches this class, so it cannot be a constructor argument.
    /// </summary>
    private ResourceType? Resolve(string apiVersion, string kind) =>
        ResourceTypes.FindByKind(apiVersion, kind) ?? services.GetService<CustomResourceCatalog>()?.Served.FindByKind(apiVersion, kind);
}

/// <summary>A binding that cannot be applied as configured; its policy's failurePolicy decides whether the write goes on.</summary>
public sealed class PolicyConfigurationException(string message) : Exception(message);
