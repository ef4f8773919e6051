namespace Obs.Api.Schema.Descriptions;

/// <summary>What <c>kubectl explain</c> says of the autoscaling/v2 kinds.</summary>
internal static class AutoscalingDescriptionsText
{
    public const string Text = """
        package autoscaling

        HorizontalPodAutoscaler: Changes the replica count of a Deployment, StatefulSet or ReplicaSet through its scale
            subresource so that measured metrics, such as average CPU use, stay near their targets. On Obs the
            resource metrics come from the node agents, through metrics.k8s.io.
          spec: What to scale, within which bounds, on which metrics.
          status: The replica counts and the metrics last measured.

        HorizontalPodAutoscalerSpec: What a HorizontalPodAutoscaler scales and on what.
          scaleTargetRef: The object to scale.
          minReplicas: The fewest replicas to scale down to. Default 1.
          maxReplicas: The most replicas to scale up to.
          metrics: The metrics to follow; the replica count is the highest any of them asks for. Default: average CPU
              use at 80% of the pods' requests.
          behavior: How fast to scale up and down. Default: up at once, down only after five minutes of lower need.

        CrossVersionObjectReference: An object in the same namespace.
          kind: Its kind, such as Deployment.
          name: Its name.
          apiVersion: Its API group and version, such as apps/v1.

        MetricSpec: One metric to follow. Set type and its field.
          type: Resource, ContainerResource, Pods, Object or External.
          resource: A resource (cpu, memory) of the pods, as their average.
          containerResource: A resource of one container of each pod.
          pods: A metric of each pod, averaged.
          object: A metric of another object, such as an Ingress's request rate.
          external: A metric from outside the cluster.

        ResourceMetricSource: A resource of the target's pods.
          name: cpu or memory.
          target: The value to keep it at.

        PodsMetricSource: A per-pod metric.
          metric: The metric.
          target: The average value to keep it at.

        MetricIdentifier: A metric by name and labels.
          name: The metric's name.
          selector: Labels that narrow the metric's series.

        MetricTarget: The value to keep a metric at. Set type and its field.
          type: Utilization, Value or AverageValue.
          averageUtilization: Percent of the pods' requests, averaged over the pods (Resource metrics only).
          averageValue: The value divided by the number of pods.
          value: The value itself.

        HorizontalPodAutoscalerBehavior: How fast the replica count may change.
          scaleUp: Rules for scaling up.
          scaleDown: Rules for scaling down.

        HPAScalingRules: How one direction of scaling is limited.
          stabilizationWindowSeconds: Seconds of past recommendations to consider: scale down only to the highest of them
              (up, to the lowest), which keeps the count from flapping.
          selectPolicy: Max (the default: the policy that allows the most change), Min, or Disabled.
          policies: Limits on change per period.

        HPAScalingPolicy: A limit on change in one period.
          type: Pods (a number of pods) or Percent (of the current replicas).
          value: How many pods, or what percent.
          periodSeconds: The length of the period.

        HorizontalPodAutoscalerStatus: What the autoscaler last measured and decided.
          currentReplicas: The replica count of the target when last measured.
          desiredReplicas: The replica count the autoscaler wants.
          currentMetrics: The measured values of the metrics.
          lastScaleTime: When the autoscaler last changed the replica count.
          conditions: AbleToScale, ScalingActive and ScalingLimited, with why.
          observedGeneration: The metadata.generation this status reflects.
        """;
}
