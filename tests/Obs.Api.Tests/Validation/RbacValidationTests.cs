using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class RbacValidationTests
{
    [Fact]
    public void RoleRulesNeedVerbsGroupsAndResources()
    {
        var role = Obj("""{"metadata":{"name":"r","namespace":"d"},"rules":[{"verbs":[]},{"verbs":["get"],"nonResourceURLs":["/healthz"]}]}""");
        Assert.Equal(
            [
                "rules[0].verbs: Required value: verbs must contain at least one value",
                "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
                "rules[0].resources: Required value: resource rules must supply at least one resource",
                "rules[1].nonResourceURLs: Invalid value: [\"/healthz\"]: namespaced rules cannot apply to non-resource URLs",
            ],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.Role, role)));
    }

    [Fact]
    public void RbacNamesArePathSegments()
    {
        var role = Obj("""{"metadata":{"name":"system:controller:x"},"rules":[]}""");
        Assert.Empty(ObjectValidator.ValidateCreate(ResourceTypes.ClusterRole, role));
        role["metadata"]!["name"] = "a/b";
        Assert.Equal(["metadata.name: Invalid value: \"a/b\": may not contain '/'"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.ClusterRole, role)));
        // A path segment may hold NUL, but a PostgreSQL text key may not: refused, not a storage failure.
        role["metadata"]!["name"] = "a\0b";
        Assert.EndsWith(": may not contain the NUL character", Assert.Single(Messages(ObjectValidator.ValidateCreate(ResourceTypes.ClusterRole, role))));
        role["metadata"]!["name"] = null;
        role["metadata"]!["generateName"] = "a\0";
        Assert.Contains(Messages(ObjectValidator.ValidateCreate(ResourceTypes.ClusterRole, role)),
            m => m.StartsWith("metadata.generateName: ", StringComparison.Ordinal) && m.EndsWith(": may not contain the NUL character", StringComparison.Ordinal));
    }

    [Fact]
    public void BindingsCheckRoleRefAndSubjects()
    {
        var binding = Obj("""
            {"metadata":{"name":"b"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},
             "subjects":[{"kind":"ServiceAccount","name":"default"},{"kind":"Robot","name":"x"}]}
            """);
        Assert.Equal(
            [
                "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
                "subjects[0].namespace: Required value",
                "subjects[1].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"",
            ],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.ClusterRoleBinding, binding)));
    }

    [Fact]
    public void RoleRefCannotChange()
    {
        var old = Obj("""{"metadata":{"name":"b","namespace":"d"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"}}""");
        var now = Obj("""{"metadata":{"name":"b","namespace":"d"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"s"}}""");
        Assert.Equal(
            ["roleRef: Invalid value: {\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"Role\",\"name\":\"s\"}: cannot change roleRef"],
            Messages(ObjectValidator.ValidateUpdate(ResourceTypes.RoleBinding, now, old)));
    }
}
