namespace Obs.Api.Schema;

/// <summary>core/v1: the kinds served under <c>/api/v1</c> and the pod template every workload embeds.</summary>
internal static class CoreSchemaText
{
    public const string Text = """
        package core io.k8s.api.core.v1 v1

        # ---------------------------------------------------------------- Namespace
        kind Namespace
          metadata                    meta.ObjectMeta       1
          spec                        NamespaceSpec         2
          status                      NamespaceStatus       3

        type NamespaceSpec
          finalizers                  []string              1 list=atomic

        type NamespaceStatus
          phase                       string                1
          conditions                  []NamespaceCondition  2 patch=merge key=type list=map keys=type

        type NamespaceCondition
          type                        string                1
          status                      string                2
          lastTransitionTime          time                  4
          reason                      string                5
          message                     string                6

        # ---------------------------------------------------------------- ReplicationController
        # The ReplicaSet's predecessor: the same controller, with a plain label map for a selector.
        kind ReplicationController
          metadata                    meta.ObjectMeta       1
          spec                        ReplicationControllerSpec 2
          status                      ReplicationControllerStatus 3

        type ReplicationControllerSpec
          replicas                    int32                 1 ptr
          minReadySeconds             int32                 4
          selector                    map[string]           2 map=atomic
          template                    PodTemplateSpec       3

        type ReplicationControllerStatus
          replicas                    int32                 1
          fullyLabeledReplicas        int32                 2
          readyReplicas               int32                 4
          availableReplicas           int32                 5
          observedGeneration          int64                 3
          conditions                  []ReplicationControllerCondition 6 patch=merge key=type list=map keys=type

        type ReplicationControllerCondition
          type                        string                1
          status                      string                2
          lastTransitionTime          time                  3
          reason                      string                4
          message                     string                5

        # ---------------------------------------------------------------- Pod
        kind Pod
          metadata                    meta.ObjectMeta       1
          spec                        PodSpec               2
          status                      PodStatus             3

        type PodTemplateSpec
          metadata                    meta.ObjectMeta       1
          spec                        PodSpec               2

        type PodSpec
          volumes                     []Volume              1 patch=merge,retainKeys key=name list=map keys=name
          initContainers              []Container           20 patch=merge key=name list=map keys=name
          containers                  []Container           2 patch=merge key=name list=map keys=name
          ephemeralContainers         []EphemeralContainer  34 patch=merge key=name list=map keys=name
          restartPolicy               string                3
          terminationGracePeriodSeconds int64               4 ptr
          activeDeadlineSeconds       int64                 5 ptr
          dnsPolicy                   string                6
          nodeSelector                map[string]           7 map=atomic
          serviceAccountName          string                8
          serviceAccount              string                9
          automountServiceAccountToken bool                 21 ptr
          nodeName                    string                10
          hostNetwork                 bool                  11
          hostPID                     bool                  12
          hostIPC                     bool                  13
          shareProcessNamespace       bool                  27 ptr
          securityContext             PodSecurityContext    14
          imagePullSecrets            []LocalObjectReference 15 patch=merge key=name list=map keys=name
          hostname                    string                16
          subdomain                   string                17
          affinity                    Affinity              18
          schedulerName               string                19
          tolerations                 []Toleration          22 list=atomic
          hostAliases                 []HostAlias           23 patch=merge key=ip list=map keys=ip
          priorityClassName           string                24
          priority                    int32                 25 ptr
          dnsConfig                   PodDNSConfig          26
          readinessGates              []PodReadinessGate    28 list=atomic
          runtimeClassName            string                29 ptr
          enableServiceLinks          bool                  30 ptr
          preemptionPolicy            string                31 ptr
          overhead                    map[quantity]         32
          topologySpreadConstraints   []TopologySpreadConstraint 33 patch=merge key=topologyKey list=map keys=topologyKey,whenUnsatisfiable
          setHostnameAsFQDN           bool                  35 ptr
          os                          PodOS                 36
          hostUsers                   bool                  37 ptr
          schedulingGates             []PodSchedulingGate   38 patch=merge key=name list=map keys=name
          resourceClaims              []PodResourceClaim    39 patch=merge,retainKeys key=name list=map keys=name
          resources                   ResourceRequirements  40

        type Container
          name                        string                1
          image                       string                2
          command                     []string              3 list=atomic
          args                        []string              4 list=atomic
          workingDir                  string                5
          ports                       []ContainerPort       6 patch=merge key=containerPort list=map keys=containerPort,protocol
          envFrom                     []EnvFromSource       19 list=atomic
          env                         []EnvVar              7 patch=merge key=name list=map keys=name
          resources                   ResourceRequirements  8
          resizePolicy                []ContainerResizePolicy 23 list=atomic
          restartPolicy               string                24 ptr
          volumeMounts                []VolumeMount         9 patch=merge key=mountPath list=map keys=mountPath
          volumeDevices               []VolumeDevice        21 patch=merge key=devicePath list=map keys=devicePath
          livenessProbe               Probe                 10
          readinessProbe              Probe                 11
          startupProbe                Probe                 22
          lifecycle                   Lifecycle             12
          terminationMessagePath      string                13
          terminationMessagePolicy    string                20
          imagePullPolicy             string                14
          securityContext             SecurityContext       15
          stdin                       bool                  16
          stdinOnce                   bool                  17
          tty                         bool                  18

        type EphemeralContainer
          ...                         EphemeralContainerCommon 1
          targetContainerName         string                2

        # Same fields and numbers as Container; Go keeps it a separate struct.
        type EphemeralContainerCommon like Container

        type ContainerPort
          name                        string                1
          hostPort                    int32                 2
          containerPort               int32                 3
          protocol                    string                4
          hostIP                      string                5

        type EnvVar
          name                        string                1
          value                       string                2
          valueFrom                   EnvVarSource          3

        type EnvVarSource
          fieldRef                    ObjectFieldSelector   1
          resourceFieldRef            ResourceFieldSelector 2
          configMapKeyRef             ConfigMapKeySelector  3
          secretKeyRef                SecretKeySelector     4

        type ObjectFieldSelector atomic
          apiVersion                  string                1
          fieldPath                   string                2

        type ResourceFieldSelector atomic
          containerName               string                1
          resource                    string                2
          divisor                     quantity              3

        type ConfigMapKeySelector atomic
          ...                         LocalObjectReference  1
          key                         string                2
          optional                    bool                  3 ptr

        type SecretKeySelector atomic
          ...                         LocalObjectReference  1
          key                         string                2
          optional                    bool                  3 ptr

        type LocalObjectReference atomic
          name                        string                1

        type EnvFromSource
          prefix                      string                1
          configMapRef                ConfigMapEnvSource    2
          secretRef                   SecretEnvSource       3

        type ConfigMapEnvSource
          ...                         LocalObjectReference  1
          optional                    bool                  2 ptr

        type SecretEnvSource
          ...                         LocalObjectReference  1
          optional                    bool                  2 ptr

        type ResourceRequirements
          limits                      map[quantity]         1
          requests                    map[quantity]         2
          claims                      []ResourceClaim       3 list=map keys=name

        type ResourceClaim
          name                        string                1
          request                     string                2

        type ContainerResizePolicy
          resourceName                string                1
          restartPolicy               string                2

        type VolumeMount
          name                        string                1
          readOnly                    bool                  2
          recursiveReadOnly           string                7 ptr
          mountPath                   string                3
          subPath                     string                4
          mountPropagation            string                5 ptr
          subPathExpr                 string                6

        type VolumeDevice
          name                        string                1
          devicePath                  string                2

        type Probe
          ...                         ProbeHandler          1
          initialDelaySeconds         int32                 2
          timeoutSeconds              int32                 3
          periodSeconds               int32                 4
          successThreshold            int32                 5
          failureThreshold            int32                 6
          terminationGracePeriodSeconds int64               7 ptr

        type ProbeHandler
          exec                        ExecAction            1
          httpGet                     HTTPGetAction         2
          tcpSocket                   TCPSocketAction       3
          grpc                        GRPCAction            4

        type ExecAction
          command                     []string              1 list=atomic

        type HTTPGetAction
          path                        string                1
          port                        intstr                2
          host                        string                3
          scheme                      string                4
          httpHeaders                 []HTTPHeader          5 list=atomic

        type HTTPHeader
          name                        string                1
          value                       string                2

        type TCPSocketAction
          port                        intstr                1
          host                        string                2

        type GRPCAction
          port                        int32                 1
          service                     string                2 ptr

        type Lifecycle
          postStart                   LifecycleHandler      1
          preStop                     LifecycleHandler      2
          stopSignal                  string                3

        type LifecycleHandler
          exec                        ExecAction            1
          httpGet                     HTTPGetAction         2
          tcpSocket                   TCPSocketAction       3
          sleep                       SleepAction           4

        type SleepAction
          seconds                     int64                 1

        type SecurityContext
          capabilities                Capabilities          1
          privileged                  bool                  2 ptr
          seLinuxOptions              SELinuxOptions        3
          windowsOptions              WindowsSecurityContextOptions 10
          runAsUser                   int64                 4 ptr
          runAsGroup                  int64                 8 ptr
          runAsNonRoot                bool                  5 ptr
          readOnlyRootFilesystem      bool                  6 ptr
          allowPrivilegeEscalation    bool                  7 ptr
          procMount                   string                9 ptr
          seccompProfile              SeccompProfile        11
          appArmorProfile             AppArmorProfile       12

        type Capabilities
          add                         []string              1 list=atomic
          drop                        []string              2 list=atomic

        type SELinuxOptions
          user                        string                1
          role                        string                2
          type                        string                3
          level                       string                4

        type WindowsSecurityContextOptions
          gmsaCredentialSpecName      string                1 ptr
          gmsaCredentialSpec          string                2 ptr
          runAsUserName               string                3 ptr
          hostProcess                 bool                  4 ptr

        type SeccompProfile
          type                        string                1
          localhostProfile            string                2 ptr

        type AppArmorProfile
          type                        string                1
          localhostProfile            string                2 ptr

        type PodSecurityContext
          seLinuxOptions              SELinuxOptions        1
          windowsOptions              WindowsSecurityContextOptions 8
          runAsUser                   int64                 2 ptr
          runAsGroup                  int64                 6 ptr
          runAsNonRoot                bool                  3 ptr
          supplementalGroups          []int64               4 list=atomic
          supplementalGroupsPolicy    string                12 ptr
          fsGroup                     int64                 5 ptr
          sysctls                     []Sysctl              7 list=atomic
          fsGroupChangePolicy         string                9 ptr
          seccompProfile              SeccompProfile        10
          appArmorProfile             AppArmorProfile       11
          seLinuxChangePolicy         string                13 ptr

        type Sysctl
          name                        string                1
          value                       string                2

        type Affinity
          nodeAffinity                NodeAffinity          1
          podAffinity                 PodAffinity           2
          podAntiAffinity             PodAntiAffinity       3

        type NodeAffinity
          requiredDuringSchedulingIgnoredDuringExecution  NodeSelector 1
          preferredDuringSchedulingIgnoredDuringExecution []PreferredSchedulingTerm 2 list=atomic

        type NodeSelector atomic
          nodeSelectorTerms           []NodeSelectorTerm    1 list=atomic

        type NodeSelectorTerm atomic
          matchExpressions            []NodeSelectorRequirement 1 list=atomic
          matchFields                 []NodeSelectorRequirement 2 list=atomic

        type NodeSelectorRequirement
          key                         string                1
          operator                    string                2
          values                      []string              3 list=atomic

        type PreferredSchedulingTerm
          weight                      int32                 1
          preference                  NodeSelectorTerm      2

        type PodAffinity
          requiredDuringSchedulingIgnoredDuringExecution  []PodAffinityTerm 1 list=atomic
          preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm 2 list=atomic

        type PodAntiAffinity
          requiredDuringSchedulingIgnoredDuringExecution  []PodAffinityTerm 1 list=atomic
          preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm 2 list=atomic

        type PodAffinityTerm
          labelSelector               meta.LabelSelector    1
          namespaces                  []string              2 list=atomic
          topologyKey                 string                3
          namespaceSelector           meta.LabelSelector    4
          matchLabelKeys              []string              5 list=atomic
          mismatchLabelKeys           []string              6 list=atomic

        type WeightedPodAffinityTerm
          weight                      int32                 1
          podAffinityTerm             PodAffinityTerm       2

        type Toleration
          key                         string                1
          operator                    string                2
          value                       string                3
          effect                      string                4
          tolerationSeconds           int64                 5 ptr

        type HostAlias
          ip                          string                1
          hostnames                   []string              2 list=atomic

        type PodDNSConfig
          nameservers                 []string              1 list=atomic
          searches                    []string              2 list=atomic
          options                     []PodDNSConfigOption  3 list=atomic

        type PodDNSConfigOption
          name                        string                1
          value                       string                2

        type PodReadinessGate
          conditionType               string                1

        type TopologySpreadConstraint
          maxSkew                     int32                 1
          topologyKey                 string                2
          whenUnsatisfiable           string                3
          labelSelector               meta.LabelSelector    4
          minDomains                  int32                 5 ptr
          nodeAffinityPolicy          string                6 ptr
          nodeTaintsPolicy            string                7 ptr
          matchLabelKeys              []string              8 list=atomic

        type PodOS
          name                        string                1

        type PodSchedulingGate
          name                        string                1

        type PodResourceClaim
          name                        string                1
          resourceClaimName           string                3 ptr
          resourceClaimTemplateName   string                4 ptr

        # ---------------------------------------------------------------- volumes
        type Volume
          name                        string                1
          ...                         VolumeSource          2

        # Sources kept as free-form objects are the deprecated in-tree drivers: accepted, not checked.
        type VolumeSource
          hostPath                    HostPathVolumeSource  1
          emptyDir                    EmptyDirVolumeSource  2
          gcePersistentDisk           object                3
          awsElasticBlockStore        object                4
          gitRepo                     object                5
          secret                      SecretVolumeSource    6
          nfs                         NFSVolumeSource       7
          iscsi                       object                8
          glusterfs                   object                9
          persistentVolumeClaim       PersistentVolumeClaimVolumeSource 10
          rbd                         object                11
          flexVolume                  object                12
          cinder                      object                13
          cephfs                      object                14
          flocker                     object                15
          downwardAPI                 DownwardAPIVolumeSource 16
          fc                          object                17
          azureFile                   object                18
          configMap                   ConfigMapVolumeSource 19
          vsphereVolume               object                20
          quobyte                     object                21
          azureDisk                   object                22
          photonPersistentDisk        object                23
          projected                   ProjectedVolumeSource 26
          portworxVolume              object                24
          scaleIO                     object                25
          storageos                   object                27
          csi                         CSIVolumeSource       28
          ephemeral                   EphemeralVolumeSource 29
          image                       ImageVolumeSource     30

        type HostPathVolumeSource
          path                        string                1
          type                        string                2 ptr

        type EmptyDirVolumeSource
          medium                      string                1
          sizeLimit                   quantity              2

        type SecretVolumeSource
          secretName                  string                1
          items                       []KeyToPath           2 list=atomic
          defaultMode                 int32                 3 ptr
          optional                    bool                  4 ptr

        type KeyToPath
          key                         string                1
          path                        string                2
          mode                        int32                 3 ptr

        type NFSVolumeSource
          server                      string                1
          path                        string                2
          readOnly                    bool                  3

        type PersistentVolumeClaimVolumeSource
          claimName                   string                1
          readOnly                    bool                  2

        type DownwardAPIVolumeSource
          items                       []DownwardAPIVolumeFile 1 list=atomic
          defaultMode                 int32                 2 ptr

        type DownwardAPIVolumeFile
          path                        string                1
          fieldRef                    ObjectFieldSelector   2
          resourceFieldRef            ResourceFieldSelector 3
          mode                        int32                 4 ptr

        type ConfigMapVolumeSource
          ...                         LocalObjectReference  1
          items                       []KeyToPath           2 list=atomic
          defaultMode                 int32                 3 ptr
          optional                    bool                  4 ptr

        type ProjectedVolumeSource
          sources                     []VolumeProjection    1 list=atomic
          defaultMode                 int32                 2 ptr

        type VolumeProjection
          secret                      SecretProjection      1
          downwardAPI                 DownwardAPIProjection 2
          configMap                   ConfigMapProjection   3
          serviceAccountToken         ServiceAccountTokenProjection 4
          clusterTrustBundle          ClusterTrustBundleProjection 5

        type SecretProjection
          ...                         LocalObjectReference  1
          items                       []KeyToPath           2 list=atomic
          optional                    bool                  4 ptr

        type ConfigMapProjection
          ...                         LocalObjectReference  1
          items                       []KeyToPath           2 list=atomic
          optional                    bool                  4 ptr

        type DownwardAPIProjection
          items                       []DownwardAPIVolumeFile 1 list=atomic

        type ServiceAccountTokenProjection
          audience                    string                1
          expirationSeconds           int64                 2 ptr
          path                        string                3

        type ClusterTrustBundleProjection
          name                        string                1 ptr
          signerName                  string                2 ptr
          labelSelector               meta.LabelSelector    3
          optional                    bool                  5 ptr
          path                        string                4

        type CSIVolumeSource
          driver                      string                1
          readOnly                    bool                  2 ptr
          fsType                      string                3 ptr
          volumeAttributes            map[string]           4
          nodePublishSecretRef        LocalObjectReference  5

        type EphemeralVolumeSource
          volumeClaimTemplate         PersistentVolumeClaimTemplate 1

        type PersistentVolumeClaimTemplate
          metadata                    meta.ObjectMeta       1
          spec                        PersistentVolumeClaimSpec 2

        type ImageVolumeSource
          reference                   string                1
          pullPolicy                  string                2

        # ---------------------------------------------------------------- pod status
        type PodStatus
          observedGeneration          int64                 17
          phase                       string                1
          conditions                  []PodCondition        2 patch=merge key=type list=map keys=type
          message                     string                3
          reason                      string                4
          nominatedNodeName           string                11
          hostIP                      string                5
          hostIPs                     []HostIP              16 patch=merge key=ip list=atomic
          podIP                       string                6
          podIPs                      []PodIP               12 patch=merge key=ip list=map keys=ip
          startTime                   time                  7
          initContainerStatuses       []ContainerStatus     10 list=atomic
          containerStatuses           []ContainerStatus     8 list=atomic
          qosClass                    string                9
          ephemeralContainerStatuses  []ContainerStatus     13 list=atomic
          resize                      string                14 ptr
          resourceClaimStatuses       []PodResourceClaimStatus 15 patch=merge,retainKeys key=name list=map keys=name

        type PodCondition
          type                        string                1
          observedGeneration          int64                 7
          status                      string                2
          lastProbeTime               time                  3
          lastTransitionTime          time                  4
          reason                      string                5
          message                     string                6

        type HostIP
          ip                          string                1

        type PodIP
          ip                          string                1

        type ContainerStatus
          name                        string                1
          state                       ContainerState        2
          lastState                   ContainerState        3
          ready                       bool                  4
          restartCount                int32                 5
          image                       string                6
          imageID                     string                7
          containerID                 string                8
          started                     bool                  9 ptr
          allocatedResources          map[quantity]         10
          resources                   ResourceRequirements  11
          volumeMounts                []VolumeMountStatus   12 patch=merge key=mountPath list=map keys=mountPath
          user                        ContainerUser         13
          allocatedResourcesStatus    []ResourceStatus      14 patch=merge key=name list=map keys=name
          stopSignal                  string                15 ptr

        type ContainerState
          waiting                     ContainerStateWaiting 1
          running                     ContainerStateRunning 2
          terminated                  ContainerStateTerminated 3

        type ContainerStateWaiting
          reason                      string                1
          message                     string                2

        type ContainerStateRunning
          startedAt                   time                  1

        type ContainerStateTerminated
          exitCode                    int32                 1
          signal                      int32                 2
          reason                      string                3
          message                     string                4
          startedAt                   time                  5
          finishedAt                  time                  6
          containerID                 string                7

        type VolumeMountStatus
          name                        string                1
          mountPath                   string                2
          readOnly                    bool                  3
          recursiveReadOnly           string                4

        type ContainerUser
          linux                       LinuxContainerUser    1

        type LinuxContainerUser
          uid                         int64                 1
          gid                         int64                 2
          supplementalGroups          []int64               3 list=atomic

        type ResourceStatus
          name                        string                1
          resources                   []ResourceHealth      2 list=map keys=resourceID

        type ResourceHealth
          resourceID                  string                1
          health                      string                2

        type PodResourceClaimStatus
          name                        string                1
          resourceClaimName           string                2

        # ---------------------------------------------------------------- Node
        kind Node
          metadata                    meta.ObjectMeta       1
          spec                        NodeSpec              2
          status                      NodeStatus            3

        type NodeSpec
          podCIDR                     string                1
          podCIDRs                    []string              7 patch=merge list=set
          providerID                  string                3
          unschedulable               bool                  4
          taints                      []Taint               5 list=atomic
          configSource                object                6
          externalID                  string                2

        type Taint
          key                         string                1
          value                       string                2
          effect                      string                3
          timeAdded                   time                  4

        type NodeStatus
          capacity                    map[quantity]         1
          allocatable                 map[quantity]         2
          phase                       string                3
          conditions                  []NodeCondition       4 patch=merge key=type list=map keys=type
          addresses                   []NodeAddress         5 patch=merge key=type list=map keys=type
          daemonEndpoints             NodeDaemonEndpoints   6
          nodeInfo                    NodeSystemInfo        7
          images                      []ContainerImage      8 list=atomic
          volumesInUse                []string              9 list=atomic
          volumesAttached             []AttachedVolume      10 list=atomic
          config                      object                11
          runtimeHandlers             []NodeRuntimeHandler  12 list=atomic
          features                    NodeFeatures          13

        type NodeCondition
          type                        string                1
          status                      string                2
          lastHeartbeatTime           time                  3
          lastTransitionTime          time                  4
          reason                      string                5
          message                     string                6

        type NodeAddress
          type                        string                1
          address                     string                2

        type NodeDaemonEndpoints
          kubeletEndpoint             DaemonEndpoint        1

        type DaemonEndpoint
          Port                        int32                 1

        type NodeSystemInfo
          machineID                   string                1
          systemUUID                  string                2
          bootID                      string                3
          kernelVersion               string                4
          osImage                     string                5
          containerRuntimeVersion     string                6
          kubeletVersion              string                7
          kubeProxyVersion            string                8
          operatingSystem             string                9
          architecture                string                10
          swap                        NodeSwapStatus        11

        type NodeSwapStatus
          capacity                    int64                 1 ptr

        type ContainerImage
          names                       []string              1 list=atomic
          sizeBytes                   int64                 2

        type AttachedVolume
          name                        string                1
          devicePath                  string                2

        type NodeRuntimeHandler
          name                        string                1
          features                    NodeRuntimeHandlerFeatures 2

        type NodeRuntimeHandlerFeatures
          recursiveReadOnlyMounts     bool                  1
          userNamespaces              bool                  2

        type NodeFeatures
          supplementalGroupsPolicy    bool                  1

        # ---------------------------------------------------------------- Service, Endpoints
        kind Service
          metadata                    meta.ObjectMeta       1
          spec                        ServiceSpec           2
          status                      ServiceStatus         3

        type ServiceSpec
          ports                       []ServicePort         1 patch=merge key=port list=map keys=port,protocol
          selector                    map[string]           2 map=atomic
          clusterIP                   string                3
          clusterIPs                  []string              18 list=atomic
          type                        string                4
          externalIPs                 []string              5 list=atomic
          sessionAffinity             string                7
          loadBalancerIP              string                8
          loadBalancerSourceRanges    []string              9 list=atomic
          externalName                string                10
          externalTrafficPolicy       string                11
          healthCheckNodePort         int32                 12
          publishNotReadyAddresses    bool                  13
          sessionAffinityConfig       SessionAffinityConfig 14
          ipFamilies                  []string              19 list=atomic
          ipFamilyPolicy              string                17 ptr
          allocateLoadBalancerNodePorts bool                20 ptr
          loadBalancerClass           string                21 ptr
          internalTrafficPolicy       string                22 ptr
          trafficDistribution         string                23 ptr

        type ServicePort
          name                        string                1
          protocol                    string                2
          appProtocol                 string                6 ptr
          port                        int32                 3
          targetPort                  intstr                4
          nodePort                    int32                 5

        type SessionAffinityConfig
          clientIP                    ClientIPConfig        1

        type ClientIPConfig
          timeoutSeconds              int32                 1 ptr

        type ServiceStatus
          loadBalancer                LoadBalancerStatus    1
          conditions                  []meta.Condition      2 patch=merge key=type list=map keys=type

        type LoadBalancerStatus
          ingress                     []LoadBalancerIngress 1 list=atomic

        type LoadBalancerIngress
          ip                          string                1
          hostname                    string                2
          ipMode                      string                3 ptr
          ports                       []PortStatus          4 list=atomic

        type PortStatus
          port                        int32                 1
          protocol                    string                2
          error                       string                3 ptr

        kind Endpoints
          metadata                    meta.ObjectMeta       1
          subsets                     []EndpointSubset      2 list=atomic

        type EndpointSubset
          addresses                   []EndpointAddress     1 list=atomic
          notReadyAddresses           []EndpointAddress     2 list=atomic
          ports                       []EndpointPort        3 list=atomic

        type EndpointAddress atomic
          ip                          string                1
          hostname                    string                3
          nodeName                    string                4 ptr
          targetRef                   ObjectReference       2

        type EndpointPort atomic
          name                        string                1
          port                        int32                 2
          protocol                    string                3
          appProtocol                 string                4

        type ObjectReference atomic
          kind                        string                1
          namespace                   string                2
          name                        string                3
          uid                         string                4
          apiVersion                  string                5
          resourceVersion             string                6
          fieldPath                   string                7

        # ---------------------------------------------------------------- ConfigMap, Secret, ServiceAccount
        kind ConfigMap
          metadata                    meta.ObjectMeta       1
          immutable                   bool                  4 ptr
          data                        map[string]           2
          binaryData                  map[bytes]            3

        kind Secret
          metadata                    meta.ObjectMeta       1
          immutable                   bool                  5 ptr
          data                        map[bytes]            2
          stringData                  map[string]           4
          type                        string                3

        kind ServiceAccount
          metadata                    meta.ObjectMeta       1
          secrets                     []ObjectReference     2 patch=merge key=name list=map keys=name
          imagePullSecrets            []LocalObjectReference 3 list=atomic
          automountServiceAccountToken bool                 4 ptr

        # ---------------------------------------------------------------- Event
        kind Event
          metadata                    meta.ObjectMeta       1
          involvedObject              ObjectReference       2
          reason                      string                3
          message                     string                4
          source                      EventSource           5
          firstTimestamp              time                  6
          lastTimestamp               time                  7
          count                       int32                 8
          type                        string                9
          eventTime                   microtime             10
          series                      EventSeries           11
          action                      string                12
          related                     ObjectReference       13
          reportingComponent          string                14
          reportingInstance           string                15

        type EventSource
          component                   string                1
          host                        string                2

        type EventSeries
          count                       int32                 1
          lastObservedTime            microtime             2

        # ---------------------------------------------------------------- volumes: PV and PVC
        kind PersistentVolume
          metadata                    meta.ObjectMeta       1
          spec                        PersistentVolumeSpec  2
          status                      PersistentVolumeStatus 3

        type PersistentVolumeSpec
          capacity                    map[quantity]         1
          ...                         PersistentVolumeSource 2
          accessModes                 []string              3 list=atomic
          claimRef                    ObjectReference       4 map=granular
          persistentVolumeReclaimPolicy string              5
          storageClassName            string                6
          mountOptions                []string              7 list=atomic
          volumeMode                  string                8 ptr
          nodeAffinity                VolumeNodeAffinity    9
          volumeAttributesClassName   string                10 ptr

        type PersistentVolumeSource
          gcePersistentDisk           object                1
          awsElasticBlockStore        object                2
          hostPath                    HostPathVolumeSource  3
          glusterfs                   object                4
          nfs                         NFSVolumeSource       5
          rbd                         object                6
          iscsi                       object                7
          cinder                      object                8
          cephfs                      object                9
          fc                          object                10
          flocker                     object                11
          flexVolume                  object                12
          azureFile                   object                13
          vsphereVolume               object                14
          quobyte                     object                15
          azureDisk                   object                16
          photonPersistentDisk        object                17
          portworxVolume              object                18
          scaleIO                     object                19
          local                       LocalVolumeSource     20
          storageos                   object                21
          csi                         CSIPersistentVolumeSource 22

        type LocalVolumeSource
          path                        string                1
          fsType                      string                2

        type CSIPersistentVolumeSource
          driver                      string                1
          volumeHandle                string                2
          readOnly                    bool                  3
          fsType                      string                4
          volumeAttributes            map[string]           5
          controllerPublishSecretRef  SecretReference       6
          nodeStageSecretRef          SecretReference       7
          nodePublishSecretRef        SecretReference       8
          controllerExpandSecretRef   SecretReference       9
          nodeExpandSecretRef         SecretReference       10

        type SecretReference atomic
          name                        string                1
          namespace                   string                2

        type VolumeNodeAffinity
          required                    NodeSelector          1

        type PersistentVolumeStatus
          phase                       string                1
          message                     string                2
          reason                      string                3
          lastPhaseTransitionTime     time                  4 ptr

        kind PersistentVolumeClaim
          metadata                    meta.ObjectMeta       1
          spec                        PersistentVolumeClaimSpec 2
          status                      PersistentVolumeClaimStatus 3

        type PersistentVolumeClaimSpec
          accessModes                 []string              1 list=atomic
          selector                    meta.LabelSelector    4
          resources                   VolumeResourceRequirements 2
          volumeName                  string                3
          storageClassName            string                5 ptr
          volumeMode                  string                6 ptr
          dataSource                  TypedLocalObjectReference 7
          dataSourceRef               TypedObjectReference  8
          volumeAttributesClassName   string                9 ptr

        type VolumeResourceRequirements
          limits                      map[quantity]         1
          requests                    map[quantity]         2

        type TypedLocalObjectReference atomic
          apiGroup                    string                1 ptr
          kind                        string                2
          name                        string                3

        type TypedObjectReference
          apiGroup                    string                1 ptr
          kind                        string                2
          name                        string                3
          namespace                   string                4 ptr

        type PersistentVolumeClaimStatus
          phase                       string                1
          accessModes                 []string              2 list=atomic
          capacity                    map[quantity]         3
          conditions                  []PersistentVolumeClaimCondition 4 patch=merge key=type list=map keys=type
          allocatedResources          map[quantity]         5
          allocatedResourceStatuses   map[string]           7
          currentVolumeAttributesClassName string            8 ptr
          modifyVolumeStatus          ModifyVolumeStatus    9

        type PersistentVolumeClaimCondition
          type                        string                1
          status                      string                2
          lastProbeTime               time                  3
          lastTransitionTime          time                  4
          reason                      string                5
          message                     string                6

        type ModifyVolumeStatus
          targetVolumeAttributesClassName string             1
          status                      string                2
        """;
}
