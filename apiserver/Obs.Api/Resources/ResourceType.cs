namespace Obs.Api.Resources;

/// <summary>
/// One REST resource the apiserver serves: where it lives (group/version/plural), what it is
/// called (kind, singular, short names) and how it is scoped. Everything that is per-resource
/// policy (defaulting, validation, table columns) is keyed by this.
/// </summary>
public sealed record ResourceType(
    string Group,
    string Version,
    string Kind,
    string Plural,
    string Singular,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Subresources)
{
    /// <summary><c>v1</c> for the core group, <c>apps/v1</c> otherwise: the apiVersion of its objects.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary><c>pods</c> or <c>deployments.apps</c>: how Kubernetes names the resource in messages.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary><c>Pod</c> or <c>Deployment.apps</c>: how Kubernetes names the kind in Invalid messages.</summary>
    public string GroupKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    /// <summary>The kind of its lists: <c>&lt;Kind&gt;List</c> unless a CustomResourceDefinition names another.</summary>
    public string ListKind
    {
        get => _listKind ?? Kind + "List";
        init => _listKind = value;
    }

    private readonly string? _listKind;

    public bool HasSubresource(string name) => Subresources.Contains(name);

    /// <summary>
    /// For an older version served beside the stored one (autoscaling/v1 HPAs beside v2): the
    /// resource its objects are stored as, converted on the way in and out. Null for the stored version.
    /// </summary>
    public ResourceType? StoredAs { get; init; }

    /// <summary>
    /// For a resource a CustomResourceDefinition adds at run time: its schema, columns and subresources.
    /// Null for the resources compiled in.
    /// </summary>
    public CustomResources.CustomResource? Custom { get; init; }

    /// <summary>The version objects of this resource are stored, cached and validated in.</summary>
    public ResourceType Storage => StoredAs ?? this;
}
