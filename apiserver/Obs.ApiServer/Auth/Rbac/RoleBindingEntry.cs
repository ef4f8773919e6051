using System.Text.Json.Nodes;

namespace Obs.ApiServer.Auth.Rbac;

/// <summary>A RoleBinding or ClusterRoleBinding as the authorizer reads it: who it names and which role it grants.</summary>
internal sealed record RoleBindingEntry(string Namespace, string RoleKind, string RoleName, RbacSubject[] Subjects)
{
    public static RoleBindingEntry FromJson(JsonNode binding, string ns) => new(
        ns,
        binding["roleRef"]?["kind"]?.GetValue<string>() ?? "",
        binding["roleRef"]?["name"]?.GetValue<string>() ?? "",
        binding["subjects"] is JsonArray subjects ? [.. subjects.Where(s => s is not null).Select(s => RbacSubject.FromJson(s!))] : []);

    public bool AppliesTo(string user, IReadOnlyCollection<string> groups) => Subjects.Any(s => s.Matches(user, groups, Namespace));
}

/// <summary>A binding's subject: a User, a Group or a ServiceAccount (whose user name is <c>system:serviceaccount:NS:NAME</c>).</summary>
internal sealed record RbacSubject(string Kind, string Name, string Namespace)
{
    public static RbacSubject FromJson(JsonNode subject) => new(
        subject["kind"]?.GetValue<string>() ?? "", subject["name"]?.GetValue<string>() ?? "", subject["namespace"]?.GetValue<string>() ?? "");

    /// <param name="bindingNamespace">A RoleBinding's namespace: a ServiceAccount subject without one is in it, as Kubernetes reads it.</param>
    public bool Matches(string user, IReadOnlyCollection<string> groups, string bindingNamespace) => Kind switch
    {
        "User" => Name == user,
        "Group" => groups.Contains(Name),
        "ServiceAccount" => user == ServiceAccountUser(Namespace.Length > 0 ? Namespace : bindingNamespace, Name),
        _ => false,
    };

    public static string ServiceAccountUser(string ns, string name) => $"system:serviceaccount:{ns}:{name}";
}
