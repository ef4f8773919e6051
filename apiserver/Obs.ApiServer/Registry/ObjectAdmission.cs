using System.Text.Json.Nodes;
using Obs.Api.Defaults;
using Obs.Api.Errors;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.ApiServer.Registry;

/// <summary>Defaulting then validation of every object a write would store.</summary>
public sealed class ObjectAdmission
{
    /// <summary>Fills in the defaults Kubernetes fills in.</summary>
    public void Default(ResourceType type, JsonObject obj) => ObjectDefaulter.Apply(type, obj);

    public IReadOnlyList<FieldError> ValidateCreate(ResourceType type, JsonObject obj) => ValidateMeta(type, obj);

    public IReadOnlyList<FieldError> ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old) => ValidateMeta(type, obj);

    private static List<FieldError> ValidateMeta(ResourceType type, JsonObject obj)
    {
        var errors = new List<FieldError>();
        var name = ObjectMeta.Name(obj);
        if (string.IsNullOrEmpty(name)) errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        return errors;
    }
}
