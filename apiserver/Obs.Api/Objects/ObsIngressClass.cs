using System.Text.Json.Nodes;

namespace Obs.Api.Objects;

/// <summary>
/// Obs's IngressClass (<c>obs</c>, controller <c>obs.dev/ingress</c>) and which Ingresses it serves,
/// shared by the apiserver (which creates the class), the node agents' ingress proxy and the ingress
/// status controller, so that the ones that route an Ingress and the one that reports its address agree.
/// </summary>
public static class ObsIngressClass
{
    public const string Name = "obs";
    public const string Controller = "obs.dev/ingress";
    public const string DefaultAnnotation = "ingressclass.kubernetes.io/is-default-class";

    /// <summary>The annotation Ingresses named their class with before <c>spec.ingressClassName</c>; still honoured by most controllers.</summary>
    public const string LegacyClassAnnotation = "kubernetes.io/ingress.class";

    /// <summary>The class as the apiserver creates it at bootstrap: the cluster's default, so an Ingress that names no class is served.</summary>
    public static JsonObject Object() => new()
    {
        ["apiVersion"] = "networking.k8s.io/v1",
        ["kind"] = "IngressClass",
        ["metadata"] = new JsonObject { ["name"] = Name, ["annotations"] = new JsonObject { [DefaultAnnotation] = "true" } },
        ["spec"] = new JsonObject { ["controller"] = Controller },
    };

    /// <summary>
    /// Which Ingresses Obs serves, given the cluster's IngressClasses: those naming <see cref="Name"/> or a class
    /// whose controller is <see cref="Controller"/> (in <c>spec.ingressClassName</c> or the legacy annotation),
    /// and those naming none while one of Obs's classes is the default.
    /// </summary>
    public static Func<JsonObject, bool> Selector(IEnumerable<JsonObject> classes)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { Name };
        var isDefault = false;
        foreach (var c in classes)
        {
            if (c.StringAt("spec", "controller") != Controller || ObjectMeta.Name(c) is not { } name) continue;
            names.Add(name);
            if (c.StringAt("metadata", "annotations", DefaultAnnotation) == "true") isDefault = true;
        }
        return ingress =>
        {
            var named = ingress.StringAt("spec", "ingressClassName") ?? ingress.StringAt("metadata", "annotations", LegacyClassAnnotation);
            return named is null ? isDefault : names.Contains(named);
        };
    }
}
