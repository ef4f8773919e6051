using Obs.Api.Objects;
using static Obs.Api.Tests.Patch.TestMergeSchema;

namespace Obs.Api.Tests.Patch;

/// <summary>The merge facts of an apps/v1 Deployment, as far as the tests need them.</summary>
internal static class DeploymentSchema
{
    public static readonly IMergeSchema ObjectMeta = Struct(
        ("name", Scalar),
        ("labels", Map()),
        ("annotations", Map()),
        ("finalizers", MergeSet()),
        ("ownerReferences", MergeList("uid", Struct(("uid", Scalar), ("name", Scalar), ("kind", Scalar)))));

    public static readonly IMergeSchema Container = Struct(
        ("name", Scalar),
        ("image", Scalar),
        ("command", AtomicList()),
        ("args", AtomicList()),
        ("ports", MergeList("containerPort", Struct(("containerPort", Scalar), ("protocol", Scalar), ("name", Scalar)))),
        ("env", MergeList("name", Struct(("name", Scalar), ("value", Scalar), ("valueFrom", Struct(("fieldRef", Struct(("fieldPath", Scalar)))))))),
        ("volumeMounts", MergeList("mountPath", Struct(("mountPath", Scalar), ("name", Scalar), ("readOnly", Scalar)))),
        ("resources", Struct(("limits", Map()), ("requests", Map()))));

    public static readonly IMergeSchema Volume = Union(
        ("name", Scalar),
        ("emptyDir", Struct(("medium", Scalar), ("sizeLimit", Scalar))),
        ("configMap", Struct(("name", Scalar), ("items", AtomicList(Struct(("key", Scalar), ("path", Scalar)))))),
        ("secret", Struct(("secretName", Scalar))));

    public static readonly IMergeSchema PodSpec = Struct(
        ("containers", MergeList("name", Container)),
        ("initContainers", MergeList("name", Container)),
        ("volumes", MergeList("name", Volume)),
        ("tolerations", AtomicList(Struct(("key", Scalar), ("operator", Scalar), ("value", Scalar), ("effect", Scalar)))),
        ("nodeSelector", Map()),
        ("restartPolicy", Scalar));

    public static readonly IMergeSchema Deployment = Struct(
        ("apiVersion", Scalar),
        ("kind", Scalar),
        ("metadata", ObjectMeta),
        ("spec", Struct(
            ("replicas", Scalar),
            ("selector", Struct(("matchLabels", Map()))),
            ("strategy", Union(
                ("type", Scalar),
                ("rollingUpdate", Struct(("maxSurge", Scalar), ("maxUnavailable", Scalar))))),
            ("template", Struct(("metadata", ObjectMeta), ("spec", PodSpec))))),
        ("status", Struct(
            ("replicas", Scalar),
            ("conditions", MergeList("type", Struct(("type", Scalar), ("status", Scalar), ("reason", Scalar)))))));
}
