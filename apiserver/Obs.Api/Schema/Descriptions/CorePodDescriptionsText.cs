namespace Obs.Api.Schema.Descriptions;

/// <summary>What <c>kubectl explain</c> says of Pod and the types inside it (core/v1).</summary>
internal static class CorePodDescriptionsText
{
    public const string Text = """
        package core

        Pod: One or more containers that are placed on the same node and run there together. On Obs each container
            is a process started by the node agent; the pod shares the node's network.
          spec: What the pod runs and where it may run. Mostly fixed once the pod exists.
          status: What the node agent last reported about the pod and its containers. Written by the system.

        PodTemplateSpec: The pod a controller stamps out: its labels and annotations, and its spec. Changing it does not
            touch running pods; Deployments, StatefulSets and DaemonSets roll new ones out.
          metadata: Labels and annotations each pod gets. The labels must match the controller's selector.
          spec: The spec each pod gets.

        PodSpec: What a pod runs and where it may run.
          containers: The containers of the pod, started together once the init containers have finished. At least one.
          initContainers: Containers run one after the other, each to completion, before the main containers start.
              One with restartPolicy Always is a sidecar: it starts in order and keeps running beside the main containers.
          ephemeralContainers: Debugging containers added to a running pod by kubectl debug. They cannot be removed or changed.
          volumes: Volumes the containers can mount by name. Obs provides emptyDir, configMap, secret, downwardAPI, projected,
              hostPath and persistentVolumeClaim; other kinds are accepted and reported as ignored.
          restartPolicy: When the node agent restarts a container that exited: Always (the default), OnFailure (exit code
              not 0) or Never. The wait between restarts doubles from 10 seconds up to five minutes.
          terminationGracePeriodSeconds: Seconds between the stop signal (SIGTERM) and SIGKILL when the pod is deleted.
              Default 30.
          activeDeadlineSeconds: Seconds the pod may run, counted from its start, before it is stopped and marked Failed.
          dnsPolicy: Which resolver configuration containers get: ClusterFirst (the default: the cluster DNS, then the
              node's), Default (the node's own), ClusterFirstWithHostNet or None (only dnsConfig).
          nodeSelector: Labels a node must have for the pod to be placed on it.
          serviceAccountName: The ServiceAccount the pod runs as; its token is mounted in the pod unless
              automountServiceAccountToken is false. Default: "default".
          serviceAccount: Deprecated: use serviceAccountName.
          automountServiceAccountToken: Whether the service account's token, CA and namespace are mounted in the containers.
          nodeName: The node the pod runs on. Set by the scheduler; set it yourself to skip scheduling.
          hostNetwork: Recorded. On Obs every pod uses the node's network anyway.
          hostname: The pod's host name. Default: the pod's name.
          subdomain: With a headless Service of this name in the namespace, the pod gets the DNS name
              hostname.subdomain.namespace.svc.cluster-domain.
          affinity: Rules for placing the pod: near or away from nodes and other pods.
          schedulerName: The scheduler that places this pod. Default: default-scheduler.
          tolerations: The taints of nodes this pod accepts.
          priorityClassName: The PriorityClass that sets the pod's priority.
          priority: The pod's priority, from its PriorityClass. Higher priority pods are scheduled first.
          enableServiceLinks: Whether the Services of the namespace are passed to containers as environment variables
              ({NAME}_SERVICE_HOST and the like). Default true.
          topologySpreadConstraints: How evenly pods matching a selector must be spread over zones, nodes or other topologies.
          securityContext: Security settings for every container of the pod. Recorded; the node agent does not apply them
              and says so in a Warning event.
          imagePullSecrets: Recorded; Obs pulls no images.
          os: The operating system the pod needs (linux).

        Container: A program the node agent runs as a process: command and args, its environment, its working directory
            and volumes, within resource limits.
          name: The container's name, unique in the pod. kubectl logs, exec and attach pick a container by it.
          image: The container image. Obs records it and shows it but does not pull or unpack it: the process runs from the
              node's own file system. With args and no command, the args are run as the command line.
          command: The program and its first arguments, replacing the image's entrypoint. $(VAR) is replaced by the
              container's environment variable VAR; $$ writes a single $. Not run in a shell.
          args: Arguments passed after command. $(VAR) is expanded as in command.
          workingDir: The directory the process starts in. Default: /.
          ports: Ports the container listens on. On Obs pods share the node's network: when a declared containerPort is
              taken, the agent gives the container a free one and passes it as PORT (the first port) and OBS_PORT_{NAME}.
          env: Environment variables, set in order; a value may refer to earlier ones as $(NAME).
          envFrom: ConfigMaps and Secrets whose every key becomes an environment variable. env wins on a clash.
          resources: The CPU, memory and other resources the container asks for (requests, used for scheduling) and may
              not exceed (limits, enforced with cgroups when the agent may).
          volumeMounts: Where the pod's volumes appear in the container. With a mount namespace the volume is bound at
              mountPath; without one the container finds its directory in OBS_VOLUME_{NAME}.
          livenessProbe: A check of whether the container still works. When it fails failureThreshold times in a row,
              the node agent restarts the container.
          readinessProbe: A check of whether the container can take traffic. While it fails the pod is not Ready and is
              taken out of its Services' endpoints; nothing is restarted.
          startupProbe: A check of whether the container has finished starting. The liveness and readiness probes wait
              until it succeeds; when it fails failureThreshold times the container is restarted.
          lifecycle: Actions the node agent runs just after the container starts and just before it is stopped.
          imagePullPolicy: Recorded; Obs pulls no images.
          securityContext: Security settings for this container. Recorded; the node agent does not apply them and says so
              in a Warning event.
          restartPolicy: Only for init containers: Always makes it a sidecar that keeps running beside the main containers.
          stdin: Keep the container's standard input open, so kubectl attach can write to it.
          stdinOnce: Close standard input after the first attach session ends.
          tty: Give the container a terminal; needs stdin. kubectl run -it sets both.
          terminationMessagePath: The file whose contents become the message of the container's terminated state.
          terminationMessagePolicy: File (the default) or FallbackToLogsOnError: use the end of the log when the file is
              empty and the container failed.

        ContainerPort: A port a container listens on.
          name: A name for the port (at most 15 characters), for Services to target by name and for OBS_PORT_{NAME}.
          containerPort: The port number the program listens on. On Obs it is a port of the node, moved to a free one
              when taken.
          hostPort: A node port to expose the container on. On Obs containers already listen on the node's network.
          protocol: TCP (the default), UDP or SCTP.
          hostIP: The node address hostPort binds to.

        EnvVar: One environment variable.
          name: The variable's name.
          value: The value, in which $(OTHER) is replaced by an earlier variable's value. Empty by default.
          valueFrom: Take the value from a ConfigMap or Secret key, a field of the pod, or a resource of the container.

        EnvVarSource: Where an environment variable's value comes from. Exactly one of its fields is set.
          fieldRef: A field of the pod: metadata.name, metadata.namespace, metadata.uid, metadata.labels['key'],
              spec.nodeName, spec.serviceAccountName, status.podIP, status.hostIP...
          resourceFieldRef: A request or limit of a container, such as limits.memory.
          configMapKeyRef: A key of a ConfigMap in the pod's namespace.
          secretKeyRef: A key of a Secret in the pod's namespace.

        ObjectFieldSelector: A field of the pod, by path.
          fieldPath: The path of the field, such as metadata.name or status.podIP.

        ResourceFieldSelector: A container's request or limit.
          containerName: The container; required in volumes, the container itself in env.
          resource: requests.cpu, requests.memory, limits.cpu, limits.memory, limits.ephemeral-storage...
          divisor: The unit the value is given in (1m, 1Mi...). Default 1.

        ConfigMapKeySelector: One key of a ConfigMap.
          key: The key.
          optional: When true, a missing ConfigMap or key leaves the variable unset instead of stopping the container from starting.

        SecretKeySelector: One key of a Secret.
          key: The key.
          optional: When true, a missing Secret or key leaves the variable unset instead of stopping the container from starting.

        EnvFromSource: A ConfigMap or Secret whose keys all become environment variables.
          prefix: Put before every key to make the variable's name.
          configMapRef: The ConfigMap.
          secretRef: The Secret.

        ResourceRequirements: What a container asks for and what it may use, as quantities: cpu in cores (500m is half a
            core), memory in bytes (128Mi).
          requests: What the scheduler reserves on a node for the container. Default: the limits, where given.
          limits: The most the container may use. When the agent may, cpu becomes a cgroup quota, and memory a hard limit
              past which the container is killed (OOMKilled).
          claims: Dynamic resource claims the container uses. Recorded.

        VolumeMount: Where a volume appears in a container.
          name: The name of one of the pod's volumes.
          mountPath: The path in the container. Needs a pod mount namespace; otherwise see OBS_VOLUME_{NAME}.
          subPath: A path inside the volume to mount instead of its root.
          readOnly: Mount the volume read-only.
          mountPropagation: Whether mounts made later on either side are seen on the other. Recorded.

        Probe: A health check the node agent runs on a schedule: one handler (exec, httpGet, tcpSocket; grpc is recorded
            but not run) and its timing.
          initialDelaySeconds: Seconds to wait after the container starts before the first check.
          timeoutSeconds: Seconds a check may take before it counts as failed. Default 1.
          periodSeconds: Seconds between checks. Default 10.
          successThreshold: Successes in a row, after a failure, before the probe passes again. Must be 1 except for
              readiness probes.
          failureThreshold: Failures in a row before the probe fails. Default 3.
          terminationGracePeriodSeconds: Seconds the container gets to stop when the probe fails, instead of the pod's
              terminationGracePeriodSeconds.

        ProbeHandler: How a check is made. Set exactly one field.
          exec: Run a command in the container: success is exit code 0.
          httpGet: Send an HTTP GET to the container: success is a status from 200 to 399.
          tcpSocket: Open a TCP connection to the container: success is a connection.
          grpc: Call the gRPC health service. Recorded; the node agent does not run gRPC checks.

        ExecAction: A command run in the container's environment.
          command: The program and its arguments, not run in a shell: wrap in sh -c for one.

        HTTPGetAction: An HTTP GET request.
          path: The path to request. Default /.
          port: The port, by number or by the name of a containerPort. On Obs a moved port is followed.
          host: The host to connect to. Default: the pod's address.
          scheme: HTTP (the default) or HTTPS.
          httpHeaders: Headers to send with the request.

        TCPSocketAction: A TCP connection.
          port: The port, by number or by the name of a containerPort.
          host: The host to connect to. Default: the pod's address.

        Lifecycle: Actions run around the container's life.
          postStart: Run right after the container starts. If it fails the container is killed and restarted by its policy.
          preStop: Run before the container is stopped, within the grace period; the stop signal follows when it ends.
          stopSignal: The signal that stops the container, instead of SIGTERM.

        LifecycleHandler: A lifecycle action. Set exactly one field.
          exec: Run a command in the container.
          httpGet: Send an HTTP GET to the container.
          tcpSocket: Deprecated; open a TCP connection.
          sleep: Wait for a number of seconds.

        SecurityContext: Security settings of a container. Obs records them without applying them.
          runAsUser: The user id to run the process as.
          runAsGroup: The group id to run the process as.
          runAsNonRoot: Refuse to start the container as user 0.
          privileged: Run with all the host's privileges.
          readOnlyRootFilesystem: Make the container's root file system read-only.
          allowPrivilegeEscalation: Whether the process may gain more privileges than its parent (setuid and the like).
          capabilities: Linux capabilities to add to or drop from the defaults.

        Capabilities: Linux capabilities, such as NET_ADMIN or SYS_TIME.
          add: Capabilities to add.
          drop: Capabilities to remove; ALL removes every one.

        PodSecurityContext: Security settings for every container of a pod. Obs records them without applying them.
          runAsUser: The user id the containers run as, unless a container sets its own.
          runAsGroup: The group id the containers run as, unless a container sets its own.
          runAsNonRoot: Refuse to start containers as user 0.
          fsGroup: A group that owns the pod's volumes and is added to every container's groups.
          supplementalGroups: More groups for every container's processes.

        Toleration: Lets the pod be placed on (or stay on) nodes with a matching taint.
          key: The taint key matched. Empty with operator Exists matches every taint.
          operator: Equal (the default: key and value must match) or Exists (any value).
          value: The taint value matched with Equal.
          effect: The taint effect matched: NoSchedule, PreferNoSchedule or NoExecute. Empty matches all three.
          tolerationSeconds: For NoExecute: how long the pod may stay on the node once the taint appears. Unset: forever.

        Affinity: Rules that attract a pod to nodes or pods, or keep it away from pods.
          nodeAffinity: Which nodes the pod may or would rather run on, by their labels.
          podAffinity: Run near pods with certain labels (on the same node, zone...).
          podAntiAffinity: Keep away from pods with certain labels.

        Volume: A named volume the pod's containers can mount. Set its name and one source.
          name: The volume's name, which volumeMounts refer to.

        VolumeSource: Where a volume's files come from. Set exactly one field.
          emptyDir: A directory made empty for the pod and removed with it.
          configMap: The keys of a ConfigMap as files, rewritten when the ConfigMap changes.
          secret: The keys of a Secret as files, rewritten when the Secret changes.
          hostPath: A file or directory of the node itself.
          persistentVolumeClaim: The volume bound to a PersistentVolumeClaim. It outlives the pod.
          downwardAPI: Fields of the pod and its containers' resources as files.
          projected: Several sources (ConfigMaps, Secrets, downward API, service account tokens) in one directory.

        EmptyDirVolumeSource: A scratch directory for the pod.
          medium: Empty for a directory on the node's disk; Memory for a tmpfs (needs a pod mount namespace).
          sizeLimit: The most the volume may hold.

        HostPathVolumeSource: A path of the node.
          path: The path on the node.
          type: What must be there: empty (no check), DirectoryOrCreate, Directory, FileOrCreate, File, Socket...

        ConfigMapVolumeSource: A ConfigMap's keys as files.
          items: Only these keys, at these paths. Default: every key, at a file of its name.
          defaultMode: The permission bits of the files. Default 0644.
          optional: Start the pod even when the ConfigMap is missing.

        SecretVolumeSource: A Secret's keys as files.
          secretName: The Secret, in the pod's namespace.
          items: Only these keys, at these paths. Default: every key, at a file of its name.
          defaultMode: The permission bits of the files. Default 0644.
          optional: Start the pod even when the Secret is missing.

        KeyToPath: One key written to one file.
          key: The key.
          path: The file's path, relative to the volume. No '..'.
          mode: The file's permission bits, instead of defaultMode.

        PersistentVolumeClaimVolumeSource: A claim's bound volume.
          claimName: The PersistentVolumeClaim, in the pod's namespace. The pod waits in ContainerCreating until it is bound.
          readOnly: Mount the volume read-only.

        PodStatus: What the node agent last reported about a pod.
          phase: Where the pod is in its life: Pending (accepted, not all containers started), Running, Succeeded
              (every container exited 0 and will not restart), Failed, or Unknown.
          conditions: PodScheduled, Initialized, ContainersReady and Ready, each True or False with a reason.
          message: Why the pod is in this phase, for people.
          reason: A CamelCase word for why, such as Evicted.
          hostIP: The address of the node the pod runs on.
          podIP: The pod's address. On Obs, the node's address: pods share the node's network.
          startTime: When the node agent accepted the pod, before its containers started.
          containerStatuses: One entry per container: its state, readiness and restarts.
          initContainerStatuses: One entry per init container.
          qosClass: Guaranteed, Burstable or BestEffort, from the containers' requests and limits. Decides which pods
              are evicted first when the node runs short.
          nominatedNodeName: The node a preempting pod is waiting for.

        PodCondition: One aspect of a pod's state.
          type: PodScheduled, Initialized, ContainersReady or Ready.
          status: True, False or Unknown.
          reason: Why, as a CamelCase word.
          message: Why, for people.
          lastTransitionTime: When status last changed.

        ContainerStatus: The state of one container as the node agent sees it.
          name: The container's name.
          state: What the container is doing now.
          lastState: How its previous run ended, after a restart.
          ready: Whether its readiness probe passes (true when it has none and it is running).
          started: Whether its startup probe has passed (true when it has none and it is running).
          restartCount: How many times the node agent restarted it.
          image: The image from the spec.
          imageID: The image's digest. Empty on Obs, which pulls no images.
          containerID: The node agent's name for this run of the container: obs://{pod uid}/{name}/{restart count}.

        ContainerState: Exactly one of waiting, running or terminated.
          waiting: Not running yet, or waiting to be restarted.
          running: Running.
          terminated: Exited, or was killed.

        ContainerStateWaiting: A container that is not running.
          reason: Why: ContainerCreating, CrashLoopBackOff, CreateContainerConfigError...
          message: More about why.

        ContainerStateRunning: A running container.
          startedAt: When its process started.

        ContainerStateTerminated: A container whose process ended.
          exitCode: The process's exit code; 128 plus the signal number when a signal killed it.
          signal: The signal that killed it, if one did.
          reason: Completed (exit code 0), Error, or OOMKilled when it went past its memory limit.
          message: The termination message, when there is one.
          startedAt: When the process started.
          finishedAt: When the process ended.
        """;
}
