using Obs.Api.Resources;

namespace Obs.ApiServer.Registry;

/// <summary>The query options every write takes.</summary>
public sealed record WriteOptions
{
    /// <summary><c>dryRun=All</c>: everything happens except the write.</summary>
    public bool DryRun { get; init; }

    /// <summary><c>fieldManager</c>, or the name derived from the client's user agent.</summary>
    public string FieldManager { get; init; } = "unknown";

    /// <summary>True when the write already set managedFields itself (server-side apply).</summary>
    public bool ManagedFieldsRecorded { get; init; }

    /// <summary>
    /// The version the request named, when it is served by conversion (null otherwise): objects are validated, and
    /// named in errors, as that version's (events.k8s.io/v1 holds new Events to stricter rules than core/v1).
    /// </summary>
    public ResourceType? Served { get; init; }

    /// <summary>Who writes, for the checks that depend on it (RBAC escalation); null for the apiserver's own writes.</summary>
    public Auth.UserInfo? User { get; init; }

    /// <summary>
    /// The HTTP request the write serves: admission webhooks are told who sent it and send their warnings back on it.
    /// Null for the apiserver's own writes.
    /// </summary>
    public Microsoft.AspNetCore.Http.HttpContext? Request { get; init; }

    /// <summary>
    /// Set for a write through <c>/scale</c>, to the resource at the version the request named: admission webhooks are
    /// sent the Scales before and after instead of the object (as kube-apiserver admits <c>deployments/scale</c>), and a
    /// mutating webhook's change to the Scale's replicas is carried to the object.
    /// </summary>
    public ResourceType? ScaleOf { get; init; }

    /// <summary>
    /// The write is a step of another request that admission webhooks were already asked about (an eviction's mark on
    /// the pod), made as kube-apiserver makes it, on the storage directly: no webhook is sent it.
    /// </summary>
    public bool SkipWebhooks { get; init; }

    public static readonly WriteOptions Default = new();
}
