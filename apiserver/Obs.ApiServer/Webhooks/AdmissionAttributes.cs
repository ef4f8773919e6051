using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Microsoft.AspNetCore.Http;

namespace Obs.ApiServer.Webhooks;

/// <summary>
/// One write as admission sees it: what is written (<see cref="Type"/> is the stored version, <see cref="Served"/>
/// the one the client named), by whom, and the object before and after. <see cref="Object"/> is null for a
/// delete, <see cref="OldObject"/> for a create. <see cref="Options"/> is the Create-, Update- or DeleteOptions
/// object sent in the review (none for a connect request); <see cref="Request"/> the HTTP request it serves (null for
/// the apiserver's own writes), which says who writes and takes the webhooks' warnings. A subresource whose objects
/// are of a kind of their own (a Scale, an Eviction) names it in <see cref="ObjectKind"/>: those objects are sent as
/// they are, whatever version of the resource a webhook matched.
/// </summary>
public sealed record AdmissionAttributes(
    string Operation,
    ResourceType Type,
    ResourceType Served,
    string? Subresource,
    string Namespace,
    string Name,
    JsonObject? Object,
    JsonObject? OldObject,
    bool DryRun,
    JsonObject? Options,
    HttpContext? Request)
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";
    public const string Delete = "DELETE";
    public const string Connect = "CONNECT";

    public AdmissionKind? ObjectKind { get; init; }

    public static AdmissionAttributes ForCreate(ResourceType type, ResourceType? served, string? ns, JsonObject obj, bool dryRun, HttpContext? request) =>
        new(Create, type, served ?? type, null, ns ?? "", Obs.Api.Objects.ObjectMeta.Name(obj) ?? "", obj, null, dryRun, OptionsObject("CreateOptions", dryRun, request), request);

    public static AdmissionAttributes ForUpdate(ResourceType type, ResourceType? served, string? subresource, string ns, string name, JsonObject obj, JsonObject old, bool dryRun, HttpContext? request) =>
        new(Update, type, served ?? type, subresource, ns, name, obj, old, dryRun, OptionsObject("UpdateOptions", dryRun, request), request);

    public static AdmissionAttributes ForDelete(ResourceType type, string ns, string name, JsonObject old, bool dryRun, string? propagationPolicy, long? gracePeriodSeconds, HttpContext? request)
    {
        var options = OptionsObject("DeleteOptions", dryRun, null);
        if (propagationPolicy is not null) options["propagationPolicy"] = propagationPolicy;
        if (gracePeriodSeconds is { } grace) options["gracePeriodSeconds"] = grace;
        return new(Delete, type, type, null, ns, name, null, old, dryRun, options, request);
    }

    /// <summary>
    /// A write through <c>/scale</c>, as kube-apiserver admits it: an UPDATE of subresource <c>scale</c> whose objects are
    /// the Scales before and after (so a rule on <c>deployments</c> alone does not see it).
    /// </summary>
    public static AdmissionAttributes ForScale(ResourceType type, ResourceType served, string ns, string name, JsonObject scale, JsonObject oldScale, bool dryRun, HttpContext? request) =>
        new(Update, type, served, "scale", ns, name, scale, oldScale, dryRun, OptionsObject("UpdateOptions", dryRun, request), request) { ObjectKind = AdmissionKind.Scale };

    /// <summary>
    /// A POST to a subresource whose body is an object of its own (<c>pods/eviction</c>'s Eviction, <c>pods/binding</c>'s
    /// Binding): a CREATE of that subresource, the body being the object, in the request's namespace.
    /// </summary>
    public static AdmissionAttributes ForSubresourceCreate(ResourceType type, string subresource, AdmissionKind kind, string ns, string name, JsonObject body, bool dryRun, HttpContext request)
    {
        body["apiVersion"] = kind.ApiVersion;
        body["kind"] = kind.Kind;
        if (type.Namespaced) body.Ensure("metadata")["namespace"] = ns;
        return new(Create, type, type, subresource, ns, name, body, null, dryRun, OptionsObject("CreateOptions", dryRun, request), request) { ObjectKind = kind };
    }

    /// <summary>A connect request (<c>pods/exec</c>, <c>pods/portforward</c>...): its options object is the object, and no options are sent.</summary>
    public static AdmissionAttributes ForConnect(ResourceType type, string subresource, AdmissionKind kind, string ns, string name, JsonObject options, HttpContext request) =>
        new(Connect, type, type, subresource, ns, name, options, null, false, null, request) { ObjectKind = kind };

    /// <summary>
    /// The options as the request's query gave them: its <c>fieldManager</c>, not the name derived from the user agent
    /// for managedFields (kube-apiserver sends the decoded query); none for the apiserver's own writes.
    /// </summary>
    private static JsonObject OptionsObject(string kind, bool dryRun, HttpContext? request)
    {
        var options = new JsonObject { ["kind"] = kind, ["apiVersion"] = "meta.k8s.io/v1" };
        if (dryRun) options["dryRun"] = new JsonArray("All");
        if (request?.Request.Query["fieldManager"] is { Count: > 0 } manager && manager[0] is { Length: > 0 } name) options["fieldManager"] = name;
        return options;
    }
}
