using System.Text.Json.Nodes;
using Obs.Api.CustomResources;
using Obs.Api.Defaults;
using Obs.Api.Errors;
using Obs.Api.Resources;
using Obs.Api.Validation;

namespace Obs.ApiServer.Registry;

/// <summary>Defaulting then validation of every object a write would store.</summary>
/// <param name="options">the apiserver's settings, of which defaulting uses the pods' default toleration seconds</param>
public sealed class ObjectAdmission(ApiServerOptions options)
{
    /// <summary>Fills in the defaults Kubernetes fills in; a custom object is pruned to its schema and gets the schema's defaults.</summary>
    public void Default(ResourceType type, JsonObject obj)
    {
        if (type.Custom is { } custom)
        {
            SchemaPruning.Prune(custom.Schema, obj);
            SchemaDefaults.Apply(custom.Schema, obj);
            return;
        }
        ObjectDefaulter.Apply(type, obj, options.DefaultTolerationSeconds);
    }

    /// <summary>What a write to <c>/status</c> stores of a custom object: the fields its schema knows.</summary>
    public void PruneStatusWrite(ResourceType type, JsonObject obj)
    {
        if (type.Custom is { } custom) SchemaPruning.Prune(custom.Schema, obj);
    }

    public IReadOnlyList<FieldError> ValidateCreate(ResourceType type, JsonObject obj) => ObjectValidator.ValidateCreate(type, obj);

    /// <summary>A write to <c>/status</c> is checked as a status change, one to <c>/ephemeralcontainers</c> by its own rules; any other as an update of the object.</summary>
    public IReadOnlyList<FieldError> ValidateUpdate(ResourceType type, string? subresource, JsonObject obj, JsonObject old) => subresource switch
    {
        "status" => ObjectValidator.ValidateStatusUpdate(type, obj, old),
        "ephemeralcontainers" => ObjectValidator.ValidateEphemeralContainersUpdate(obj, old),
        _ => ObjectValidator.ValidateUpdate(type, obj, old),
    };
}
