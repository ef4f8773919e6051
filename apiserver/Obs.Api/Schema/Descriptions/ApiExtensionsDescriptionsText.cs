namespace Obs.Api.Schema.Descriptions;

/// <summary>What <c>kubectl explain</c> says of apiextensions.k8s.io: CustomResourceDefinition.</summary>
internal static class ApiExtensionsDescriptionsText
{
    public const string Text = """
        package apiextensions

        CustomResourceDefinition: A new resource type the apiserver serves beside its own, at
            /apis/<group>/<version>/<plural>. Its name must be <plural>.<group>.
          spec: The resource's group, names, scope and versions.
          status: Whether the names were accepted and the resource is served.

        CustomResourceDefinitionSpec: What the new resource is called and how its objects look.
          group: The API group the resource is served in, a DNS subdomain with at least one dot.
          names: The resource's plural, singular, kind, list kind, short names and categories.
          scope: Namespaced or Cluster.
          versions: The versions served; exactly one is the storage version objects are kept in.
          conversion: How objects are converted between versions; only None (the apiVersion is rewritten) is served.
          preserveUnknownFields: Must be false in apiextensions.k8s.io/v1: fields the schema does not declare are dropped.

        CustomResourceDefinitionNames: The names of a custom resource.
          plural: The resource name in URLs, lowercase (widgets).
          singular: The singular name, lowercase (widget); defaults to the lowercased kind.
          shortNames: Short aliases kubectl accepts (wd).
          kind: The kind of its objects, in CamelCase (Widget).
          listKind: The kind of its lists; defaults to <kind>List.
          categories: Groups of resources this one belongs to, such as all.

        CustomResourceDefinitionVersion: One version of a custom resource.
          name: The version name, as v1, v1beta1 or v2alpha1.
          served: Whether this version is served over REST.
          storage: Whether objects are stored in this version; exactly one version must be.
          deprecated: Whether requests to this version get a deprecation warning.
          deprecationWarning: The warning sent instead of the default one.
          schema: The OpenAPI v3 schema objects of this version are validated and pruned against.
          subresources: The status and scale subresources this version serves.
          additionalPrinterColumns: Columns kubectl get shows besides NAME and AGE.
          selectableFields: Further fields objects can be selected by with a field selector.

        CustomResourceValidation: The schema of a version.
          openAPIV3Schema: An OpenAPI v3 schema of the whole object: types, required fields, enums, limits and
              patterns; fields it does not declare are pruned unless x-kubernetes-preserve-unknown-fields is set.

        CustomResourceSubresources: The subresources of a version.
          status: When set (to {}), status is written only through /status and ignored on the object itself.
          scale: When set, /scale reads and writes the replicas at the given paths.

        CustomResourceSubresourceScale: Where the /scale subresource finds its figures.
          specReplicasPath: JSON path of the desired replicas, under .spec.
          statusReplicasPath: JSON path of the observed replicas, under .status.
          labelSelectorPath: JSON path of the selector, as a string, under .status or .spec.

        CustomResourceColumnDefinition: A column of kubectl get.
          name: The column's heading.
          type: integer, number, string, boolean or date.
          format: A hint for the column's format.
          description: What the column shows.
          priority: 0 always shows; higher only with -o wide.
          jsonPath: A JSON path into each object, evaluated for the cell.

        SelectableField: A field objects can be selected by.
          jsonPath: A JSON path to a scalar field.

        CustomResourceConversion: How objects are converted between versions.
          strategy: None: only the apiVersion changes. Webhook is not served.
          webhook: The conversion webhook, unused here.

        CustomResourceDefinitionStatus: What the apiserver made of the definition.
          conditions: NamesAccepted, Established and Terminating.
          acceptedNames: The names the resource is served under.
          storedVersions: Every version objects were ever stored in.

        CustomResourceDefinitionCondition: One observed state of a definition.
          type: NamesAccepted, Established or Terminating.
          status: True, False or Unknown.
          lastTransitionTime: When the status last changed.
          reason: Why, in one CamelCase word.
          message: Why, for people.
        """;
}
