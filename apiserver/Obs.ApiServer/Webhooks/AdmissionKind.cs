using System.Text.Json.Nodes;

namespace Obs.ApiServer.Webhooks;

/// <summary>
/// The kind of object a subresource's write carries when it is not the resource's own: a <c>/scale</c> write's
/// autoscaling/v1 Scale, an eviction's policy/v1 Eviction, a binding's v1 Binding, a connect request's options
/// (v1 PodExecOptions...). The review's <c>kind</c> and <c>requestKind</c> name it, as kube-apiserver's do.
/// </summary>
public sealed record AdmissionKind(string Group, string Version, string Kind)
{
    public static readonly AdmissionKind Scale = new("autoscaling", "v1", "Scale");
    public static readonly AdmissionKind Eviction = new("policy", "v1", "Eviction");
    public static readonly AdmissionKind Binding = new("", "v1", "Binding");

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public JsonObject ToJson() => new() { ["group"] = Group, ["version"] = Version, ["kind"] = Kind };
}
