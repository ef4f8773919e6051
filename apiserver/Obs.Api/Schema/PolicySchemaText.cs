namespace Obs.Api.Schema;

/// <summary>
/// The policy kinds: scheduling.k8s.io/v1 PriorityClass, networking.k8s.io/v1 NetworkPolicy, and
/// core/v1 LimitRange and ResourceQuota. Their packages get aliases of their own (the Go packages and
/// OpenAPI names are the same as Ingress's and Pod's) so they can live apart from the larger texts.
/// </summary>
internal static class PolicySchemaText
{
    public const string Text = """
        package scheduling io.k8s.api.scheduling.v1 scheduling.k8s.io/v1

        kind PriorityClass
          metadata                    meta.ObjectMeta       1
          value                       int32                 2
          globalDefault               bool                  3
          description                 string                4
          preemptionPolicy            string                5 ptr
        """;
}
