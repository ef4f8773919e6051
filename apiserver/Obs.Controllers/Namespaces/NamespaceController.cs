using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Namespaces;

/// <summary>
/// Empties terminating namespaces and then releases them (pkg/controller/namespace); also gives
/// every active namespace its <c>default</c> ServiceAccount (the serviceaccounts controller).
/// </summary>
public sealed class NamespaceController : QueueController
{
    private static readonly TimeSpan RecheckEmpty = TimeSpan.FromSeconds(1);

    private readonly Lister _namespaces;
    private readonly Lister _serviceAccounts;
    private readonly IObjectControl _control;
    private readonly INamespaceContent _content;

    internal NamespaceController(Lister namespaces, Lister serviceAccounts, IObjectControl control, INamespaceContent content, ILogger logger)
        : base("namespace", logger)
    {
        _namespaces = namespaces;
        _serviceAccounts = serviceAccounts;
        _control = control;
        _content = content;
    }

    public static NamespaceController Create(SharedInformers informers, IObjectControl control, ApiClient client, ILogger logger)
    {
        var nsInformer = informers.For(ResourceTypes.Namespace);
        var saInformer = informers.For(ResourceTypes.ServiceAccount);
        var controller = new NamespaceController(nsInformer.Lister, saInformer.Lister, control, new ApiNamespaceContent(client), logger);
        controller.WaitFor(nsInformer, saInformer);
        nsInformer.AddHandler(new InformerHandler(ns => controller.Enqueue(ObjectKeys.KeyOf(ns)), (_, ns) => controller.Enqueue(ObjectKeys.KeyOf(ns))));
        saInformer.AddHandler(new InformerHandler(onDelete: sa =>
        {
            if (ObjectMeta.Name(sa) == "default" && ObjectMeta.Namespace(sa) is { } ns) controller.Enqueue(ns);
        }));
        return controller;
    }

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var ns = _namespaces.Get(key);
        if (ns is null) return;
        if (ObjectMeta.DeletionTimestamp(ns) is null)
        {
            await EnsureDefaultServiceAccountAsync(key, cancellationToken);
            return;
        }
        if (ns.At("spec", "finalizers") is not JsonArray finalizers || !finalizers.Any(f => f?.GetValue<string>() == "kubernetes")) return;
        var remaining = await _content.DeleteAllAsync(key, cancellationToken);
        if (remaining > 0)
        {
            // Pods with a grace period, objects with finalizers: look again shortly.
            Queue.AddAfter(key, RecheckEmpty);
            return;
        }
        await _content.FinalizeAsync(key, cancellationToken);
    }

    private async Task EnsureDefaultServiceAccountAsync(string ns, CancellationToken cancellationToken)
    {
        if (_serviceAccounts.Get(ns, "default") is not null) return;
        try
        {
            await _control.CreateAsync(ResourceTypes.ServiceAccount, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ServiceAccount",
                ["metadata"] = new JsonObject { ["name"] = "default", ["namespace"] = ns },
            }, cancellationToken);
        }
        catch (ApiException e) when (e.IsAlreadyExists || e.IsForbidden)
        {
            // Made already (the cache is behind), or the namespace began terminating meanwhile.
        }
    }
}
