using Obs.Api.Objects;
using Obs.Api.Printing;

namespace Obs.Api.CustomResources;

/// <summary>Where a custom resource's <c>/scale</c> subresource reads and writes its figures.</summary>
public sealed record CustomScale(ColumnJsonPath SpecReplicas, string SpecReplicasPath, ColumnJsonPath StatusReplicas, ColumnJsonPath? LabelSelector);

/// <summary>
/// What a served version of a custom resource brings beside its names (<see cref="Resources.ResourceType.Custom"/>):
/// the schema its objects are validated and pruned against, their merge facts, their Table, and the
/// subresources the version declares.
/// </summary>
public sealed class CustomResource
{
    /// <summary>The CustomResourceDefinition's name, <c>&lt;plural&gt;.&lt;group&gt;</c>.</summary>
    public required string DefinitionName { get; init; }

    public required StructuralSchema Schema { get; init; }

    /// <summary>The version's <c>openAPIV3Schema</c> as written, published in the OpenAPI documents; null when it has none.</summary>
    public System.Text.Json.Nodes.JsonObject? OpenApiV3Schema { get; init; }

    public required IMergeSchema MergeSchema { get; init; }

    public required ITablePrinter Printer { get; init; }

    /// <summary>Status is written only through <c>/status</c>, and ignored on the object itself.</summary>
    public bool HasStatus { get; init; }

    public CustomScale? Scale { get; init; }

    /// <summary>The definition is being deleted: its objects are going, and no new one may be created.</summary>
    public bool Terminating { get; init; }

    /// <summary>The warning a request to a deprecated version gets, or null.</summary>
    public string? DeprecationWarning { get; init; }
}
