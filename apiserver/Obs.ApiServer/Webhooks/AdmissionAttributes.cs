using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Microsoft.AspNetCore.Http;

namespace Obs.ApiServer.Webhooks;

/// <summary>
/// One write as admission sees it: what is written (<see cref="Type"/> is the stored version, <see cref="Served"/>
/// the one the client named), by whom, and the object before and after. <see cref="Object"/> is null for a
/// delete, <see cref="OldObject"/> for a create. <see cref="Options"/> is the Create-, Update- or DeleteOptions
/// object sent in the review; <see cref="Request"/> the HTTP request it serves (null for the apiserver's own writes),
/// which says who writes and takes the webhooks' warnings.
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
    JsonObject Options,
    HttpContext? Request)
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";
    public const string Delete = "DELETE";

    public static AdmissionAttributes ForCreate(ResourceType type, ResourceType? served, string? ns, JsonObject obj, bool dryRun, string fieldManager, HttpContext? request) =>
        new(Create, type, served ?? type, null, ns ?? "", Obs.Api.Objects.ObjectMeta.Name(obj) ?? "", obj, null, dryRun, OptionsObject("CreateOptions", dryRun, fieldManager), request);

    public static AdmissionAttributes ForUpdate(ResourceType type, ResourceType? served, string? subresource, string ns, string name, JsonObject obj, JsonObject old, bool dryRun, string fieldManager, HttpContext? request) =>
        new(Update, type, subresource is null ? served ?? type : type, subresource, ns, name, obj, old, dryRun, OptionsObject("UpdateOptions", dryRun, fieldManager), request);

    public static AdmissionAttributes ForDelete(ResourceType type, string ns, string name, JsonObject old, bool dryRun, string? propagationPolicy, long? gracePeriodSeconds, HttpContext? request)
    {
        var options = OptionsObject("DeleteOptions", dryRun, null);
        if (propagationPolicy is not null) options["propagationPolicy"] = propagationPolicy;
        if (gracePeriodSeconds is { } grace) options["gracePeriodSeconds"] = grace;
        return new(Delete, type, type, null, ns, name, null, old, dryRun, options, request);
    }

    private static JsonObject OptionsObject(string kind, bool dryRun, string? fieldManager)
    {
        var options = new JsonObject { ["kind"] = kind, ["apiVersion"] = "meta.k8s.io/v1" };
        if (dryRun) options["dryRun"] = new JsonArray("All");
        if (fieldManager is not null) options["fieldManager"] = fieldManager;
        return options;
    }
}
