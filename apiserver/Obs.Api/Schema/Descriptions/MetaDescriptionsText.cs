namespace Obs.Api.Schema.Descriptions;

/// <summary>What <c>kubectl explain</c> says of the apimachinery types every object carries.</summary>
internal static class MetaDescriptionsText
{
    public const string Text = """
        package meta

        every kind
          apiVersion: The API group and version this object is written in, such as v1 or apps/v1.
              The server answers in the version the client asked for.
          kind: The type of this object, in CamelCase (Pod, Deployment...). Must match the resource the request is sent to.
          metadata: Name, namespace, labels, annotations, owners and the other data every object has. Mostly set by the client
              at creation; uid, resourceVersion, generation and creationTimestamp are filled in by the server.

        ObjectMeta: The data every stored object has, whatever its kind: its identity, its labels and annotations,
            who owns it, and the server's bookkeeping.
          name: The object's name, unique among objects of its kind in its namespace. Most kinds need a DNS subdomain:
              lower case letters, digits, '-' and '.', at most 253 characters. Cannot be changed.
          generateName: A prefix from which the server makes a unique name when name is empty, by appending random
              characters. Used by controllers for the pods and ReplicaSets they create.
          namespace: The namespace the object lives in; empty for cluster-scoped kinds (Node, Namespace, PersistentVolume...).
              Taken from the request path when left out.
          uid: A unique identifier the server gives the object when it is created. A new object of the same name gets a new uid.
          resourceVersion: An opaque value that changes on every write to the object. Send it back on update to write only
              if nobody else wrote since (the server answers 409 Conflict otherwise), or pass it to watch to resume from there.
          generation: A number the server raises on each change to the object's desired state (usually spec). Controllers
              report the generation they last acted on as status.observedGeneration.
          creationTimestamp: When the server stored the object first. Set by the server.
          deletionTimestamp: Set by the server when the object is being deleted but still has finalizers or a grace period
              to run out. The object disappears once both are done; it cannot be undeleted.
          deletionGracePeriodSeconds: The grace period, in seconds, the deletion was asked with. Set together with deletionTimestamp.
          labels: Short key/value pairs that selectors match on: Services, controllers and kubectl -l find objects by them.
          annotations: Key/value pairs for tools and people, never used to select objects. Values may be long.
          ownerReferences: The objects this one belongs to. When every owner is gone, the garbage collector deletes this
              object too; at most one owner can be marked as the controller.
          finalizers: Names of tasks that must finish before the object is removed. A delete only sets deletionTimestamp
              while this list is not empty; whoever owns a finalizer removes it when its work is done.
          managedFields: Which field manager last set which fields, and how (Apply or Update). Server-side apply keeps this
              to detect conflicts; kubectl hides it unless asked with --show-managed-fields.
          selfLink: Not set. Kept for clients that still read it.

        OwnerReference: A pointer to an object that owns this one.
          apiVersion: The owner's API group and version.
          kind: The owner's kind.
          name: The owner's name, in the same namespace as this object (or cluster-scoped).
          uid: The owner's uid: a new owner of the same name is a different object and does not own this one.
          controller: True when the owner is the controller that manages this object, as a ReplicaSet is for its pods.
              At most one reference may say so.
          blockOwnerDeletion: With foreground deletion of the owner, true keeps the owner present until this object is gone.

        ManagedFieldsEntry: The set of fields one field manager owns on an object.
          manager: The field manager's name, such as kubectl-client-side-apply or kube-controller-manager.
          operation: Apply for server-side apply, Update for any other write.
          time: When this manager last changed one of its fields.
          fieldsV1: The fields owned, as a tree of f:, k:, v: and i: keys.

        LabelSelector: A query on labels. An object matches when every matchLabels pair and every matchExpressions
            requirement holds. An empty selector matches everything; a missing one, nothing.
          matchLabels: Pairs the object's labels must contain, exactly.
          matchExpressions: Requirements on labels, all of which must hold.

        LabelSelectorRequirement: One requirement on a label.
          key: The label key the requirement is about.
          operator: In, NotIn, Exists or DoesNotExist.
          values: The values In and NotIn compare with; must be empty for Exists and DoesNotExist.

        ListMeta: Data about a list as a whole.
          resourceVersion: The revision the list was read at: pass it to watch to see every change made after it.
          continue: Set when the list was cut short by limit: send it back as the continue parameter for the next page.
              Expires when its revision is compacted (410 Gone).
          remainingItemCount: About how many items the next pages hold, when the server knows.

        Condition: One aspect of an object's state, as controllers report it in status.conditions.
          type: What the condition is about, in CamelCase (Ready, Available...).
          status: True, False or Unknown.
          observedGeneration: The metadata.generation the condition was computed from.
          lastTransitionTime: When status last changed.
          reason: A CamelCase word for why the condition is as it is, for programs.
          message: The same, for people.

        Status: The body of an error (and of some successful deletes): what failed and why.
          status: Success or Failure.
          message: What went wrong, for people.
          reason: A CamelCase word for programs: NotFound, AlreadyExists, Conflict, Invalid, Forbidden...
          details: The object concerned and, for Invalid, every field that was wrong.
          code: The HTTP status code of the response.

        StatusDetails: Which object an error is about, and its causes.
          causes: One entry per problem; for Invalid, one per wrong field.
          retryAfterSeconds: When set, how long to wait before trying again.

        StatusCause: One problem behind an error.
          reason: What kind of problem: FieldValueRequired, FieldValueInvalid, FieldValueNotSupported...
          message: What was wrong, for people.
          field: The path of the field at fault, such as spec.containers[0].image.

        DeleteOptions: How a delete proceeds.
          gracePeriodSeconds: Seconds the object gets to shut down. 0 deletes at once; left out, the kind's default
              (for pods, spec.terminationGracePeriodSeconds).
          preconditions: The delete happens only if the object still has this uid and resourceVersion.
          propagationPolicy: What happens to the objects this one owns. Background (the default for most kinds):
              they are deleted after it. Foreground: they are deleted first, and the owner waits. Orphan: they are kept.
          orphanDependents: Deprecated: use propagationPolicy.
          dryRun: All to check the delete without doing it.

        package autoscalingv1

        Scale: The replica count of a scalable object, read and written through its /scale subresource (kubectl scale).
          spec: The replica count asked for.
          status: The replica count observed, and the selector of the pods counted.

        ScaleSpec: The replica count asked for.
          replicas: How many replicas the object should run.

        ScaleStatus: The replica count observed.
          replicas: How many replicas the controller sees now.
          selector: The label selector of the pods counted, in the string form kubectl -l takes.
        """;
}
