namespace Obs.Api.Schema.Descriptions;

/// <summary>What <c>kubectl explain</c> says of the core/v1 kinds other than Pod.</summary>
internal static class CoreDescriptionsText
{
    public const string Text = """
        package core

        Namespace: A named scope for objects: names need only be unique within a namespace, and deleting it deletes
            everything in it.
          spec: The namespace's finalizers.
          status: Whether the namespace is Active or Terminating.

        NamespaceSpec: The namespace's finalizers.
          finalizers: Tasks to finish before the namespace is removed; kubernetes empties it of objects first.

        NamespaceStatus: The state of a namespace.
          phase: Active, or Terminating while its objects are being deleted. No object can be created in a Terminating namespace.
          conditions: Why a Terminating namespace is not gone yet.

        ReplicationController: The older form of a ReplicaSet, kept for manifests that still use it: a number of
            identical pods kept running, chosen by a plain label map. New workloads use a Deployment.
          spec: The pods wanted.
          status: The pods the controller counts.

        ReplicationControllerSpec: The pods a ReplicationController keeps.
          replicas: How many pods to run. Default 1.
          selector: The labels (key: value, all required) of the pods it counts as its own. Defaults to the template's
              labels, which must carry them; unlike a ReplicaSet's, it may change later.
          template: The pod new replicas are made from. Pods already running are not changed.
          minReadySeconds: Seconds a new pod must stay ready before it counts as available.

        ReplicationControllerStatus: What the controller last saw.
          replicas: Pods it owns that are not terminating.
          readyReplicas: Of those, the ready ones.
          availableReplicas: Pods ready for at least minReadySeconds.
          fullyLabeledReplicas: Pods that carry every label of the template.
          observedGeneration: The metadata.generation this status reflects.

        LocalObjectReference: An object of the same namespace, by name.
          name: The object's name.

        Node: A machine that runs pods. On Obs, each node agent registers its node, reports its capacity and health,
            and runs the pods the scheduler places on it.
          spec: Whether new pods may be placed on the node, and its taints.
          status: What the node agent last reported: capacity, conditions, addresses and versions.

        NodeSpec: What the cluster may do with a node.
          unschedulable: When true, no new pod is placed on the node; those running stay. kubectl cordon sets it.
          taints: Marks that keep away pods that do not tolerate them.
          podCIDR: The address range of the node's pods. Unused on Obs: pods use the node's network.
          providerID: The machine's identifier at its cloud provider.

        Taint: A mark on a node that repels pods without a matching toleration.
          key: The taint's key, such as node.kubernetes.io/not-ready.
          value: The taint's value.
          effect: NoSchedule (new pods stay away), PreferNoSchedule (avoid when possible) or NoExecute (running pods
              are evicted too).
          timeAdded: When a NoExecute taint was added.

        NodeStatus: What the node agent last reported about its node.
          capacity: The node's resources: cpu, memory, pods, ephemeral-storage.
          allocatable: The part of capacity pods may use, after what is reserved for the system.
          conditions: Ready, MemoryPressure, DiskPressure, PIDPressure and NetworkUnavailable, with when they were last
              checked. Ready turns Unknown when the agent stops reporting.
          addresses: How to reach the node: InternalIP, Hostname...
          daemonEndpoints: The port of the node agent's API (logs, exec, metrics).
          nodeInfo: The machine's kernel, operating system, architecture and agent version.
          images: Not reported: Obs keeps no images.

        NodeCondition: One aspect of a node's health.
          type: Ready, MemoryPressure, DiskPressure, PIDPressure or NetworkUnavailable.
          status: True, False or Unknown.
          lastHeartbeatTime: When the node agent last reported this condition.
          lastTransitionTime: When status last changed.
          reason: Why, as a CamelCase word.
          message: Why, for people.

        NodeAddress: One address of a node.
          type: InternalIP, ExternalIP, Hostname, InternalDNS or ExternalDNS.
          address: The address.

        NodeSystemInfo: Facts about a node's machine and software.
          kernelVersion: The kernel release, as uname -r prints it.
          osImage: The operating system's name and version.
          containerRuntimeVersion: The runtime that starts containers: obs-process, which runs them as processes.
          kubeletVersion: The version the node agent reports as its kubelet version.
          operatingSystem: linux.
          architecture: amd64, arm64...

        Service: A stable address for a changing set of pods: a virtual IP and ports that the node agents' proxy
            forwards to the ready pods its selector matches. On Obs a cluster IP is a loopback address
            (127.77.0.0/16 by default), so every node can listen on it.
          spec: The Service's ports, selector, type and addresses.
          status: The load balancer's addresses, for type LoadBalancer.

        ServiceSpec: How a Service is reached and which pods serve it.
          ports: The ports the Service accepts connections on, and where each is forwarded.
          selector: The labels of the pods that serve the Service; their ready addresses become its endpoints.
              Without a selector the endpoints are left to you.
          clusterIP: The Service's virtual address, given by the server from the service range (a loopback range on Obs)
              unless set at creation. None makes a headless Service: no virtual address, DNS returns the pods' addresses.
              Cannot be changed.
          clusterIPs: The cluster IPs of each address family; the first is clusterIP.
          type: ClusterIP (the default: reachable at the cluster IP), NodePort (also on a port of every node),
              LoadBalancer (also through an external load balancer) or ExternalName (a DNS alias, no proxying).
          externalIPs: More addresses the proxy accepts the Service's ports on.
          sessionAffinity: ClientIP sends every connection from one client address to the same pod; None (the default)
              spreads them round robin.
          sessionAffinityConfig: How long ClientIP affinity lasts.
          externalName: For type ExternalName: the DNS name the Service's name is an alias of.
          externalTrafficPolicy: Cluster (the default) or Local: whether node port traffic may go to pods on other nodes.
          internalTrafficPolicy: Cluster (the default) or Local: whether cluster IP traffic may go to pods on other nodes.
          publishNotReadyAddresses: Count pods as endpoints before they are ready, as StatefulSets need for peer discovery.
          ipFamilies: IPv4, IPv6 or both.
          ipFamilyPolicy: SingleStack, PreferDualStack or RequireDualStack.
          loadBalancerIP: Deprecated: the address asked of the load balancer.

        ServicePort: A port of a Service.
          name: The port's name; required when the Service has more than one port. Endpoints use it.
          protocol: TCP (the default), UDP or SCTP.
          appProtocol: The application protocol, such as http or kubernetes.io/h2c.
          port: The port the Service accepts connections on, at its cluster IP.
          targetPort: The pods' port the connections go to, by number or by a containerPort's name. Default: port.
              On Obs, a port the agent had to move is followed.
          nodePort: For NodePort and LoadBalancer Services: the port on every node, from 30000-32767 by default,
              given by the server unless set.

        ServiceStatus: The state of a Service.
          loadBalancer: The load balancer's addresses.
          conditions: The Service's conditions.

        Endpoints: The addresses that serve a Service, kept by the endpoints controller for Services with a selector.
            Superseded by EndpointSlice.
          subsets: Groups of addresses that share the same ports.

        EndpointSubset: Addresses with the same ports.
          addresses: Ready addresses, which receive traffic.
          notReadyAddresses: Addresses of pods that are not ready.
          ports: The ports all these addresses serve.

        EndpointAddress: One address of an endpoint.
          ip: The address.
          hostname: The pod's host name, for DNS.
          nodeName: The node the pod runs on.
          targetRef: The pod behind the address.

        EndpointPort: A port of an endpoint.
          name: The Service port's name.
          port: The port number.
          protocol: TCP, UDP or SCTP.

        ObjectReference: A reference to any object.
          kind: The object's kind.
          namespace: The object's namespace.
          name: The object's name.
          uid: The object's uid.
          apiVersion: The object's API group and version.
          fieldPath: A part of the object, such as spec.containers{web}.

        ConfigMap: Non-secret configuration as key/value pairs, for pods to read as environment variables or as files in a volume.
          data: Text values by key. Keys are letters, digits, '-', '_' and '.'.
          binaryData: Binary values by key, base64 in JSON. A key may not also be in data.
          immutable: When true, data and binaryData can no longer be changed; only deletion remains.

        Secret: Sensitive data as key/value pairs, for pods to read as environment variables or as files in a volume.
            Stored as given: base64 is an encoding, not encryption.
          data: Values by key, base64 in JSON.
          stringData: Values as plain text, for writing only: merged into data on write, never returned.
          type: What the data is, checked for the keys it needs: Opaque (the default),
              kubernetes.io/tls (tls.crt and tls.key), kubernetes.io/dockerconfigjson,
              kubernetes.io/service-account-token...
          immutable: When true, the data can no longer be changed; only deletion remains.

        ServiceAccount: An identity for the processes of pods. Each namespace has one called default.
          secrets: Deprecated: Secrets holding tokens for this account.
          imagePullSecrets: Recorded; Obs pulls no images.
          automountServiceAccountToken: Whether pods running as this account get its token mounted, unless the pod says otherwise.

        Event: A report that something happened to an object, shown by kubectl describe and kubectl events. Events expire after
            an hour.
          involvedObject: The object the event is about.
          reason: What happened, as a CamelCase word: Scheduled, Started, Killing, BackOff...
          message: What happened, for people.
          type: Normal or Warning.
          count: How many times it happened, when repeats are folded into one event.
          firstTimestamp: When it first happened.
          lastTimestamp: When it last happened.
          source: The component that reported it.

        PersistentVolume: Storage that outlives pods, bound to at most one PersistentVolumeClaim. On Obs, a directory of a node:
            local or hostPath.
          spec: The volume's capacity, access modes, source and claim.
          status: Whether it is Available, Bound, Released or Failed.

        PersistentVolumeSpec: A volume's capacity, access modes and source.
          capacity: The volume's size, as storage.
          accessModes: ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.
          claimRef: The claim the volume is bound to.
          persistentVolumeReclaimPolicy: What happens when its claim is deleted: Retain (kept, Released), Delete or Recycle.
          storageClassName: The StorageClass of the volume; only claims of the same class bind to it.
          nodeAffinity: The nodes the volume can be used from; a pod using it is placed on one of them.

        PersistentVolumeClaim: A request for storage, which binds to a PersistentVolume that satisfies it, or to one a provisioner
            makes. Pods mount the claim, not the volume.
          spec: The storage asked for.
          status: Whether the claim is Pending or Bound, and what it got.

        PersistentVolumeClaimSpec: The storage a claim asks for.
          accessModes: How the volume must be mountable: ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.
          resources: The least storage the volume must have (requests.storage).
          storageClassName: The StorageClass: with a provisioner, a volume of that class is made for the claim. Empty string:
              only volumes without a class. Unset: the default class.
          volumeName: Bind to this PersistentVolume only.
          selector: Only volumes with these labels.
          volumeMode: Filesystem (the default) or Block.

        VolumeResourceRequirements: The storage a claim needs.
          requests: The least the volume must hold, as storage.
          limits: The most it may hold.

        PersistentVolumeClaimStatus: What a claim got.
          phase: Pending (no volume yet), Bound or Lost.
          accessModes: The access modes of the bound volume.
          capacity: The size of the bound volume.
        """;
}
