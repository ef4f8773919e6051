namespace Obs.Api.Schema;

/// <summary>
/// apiextensions.k8s.io/v1: CustomResourceDefinition. A version's <c>openAPIV3Schema</c> is taken as free-form
/// JSON here and read by <see cref="CustomResources.StructuralSchema"/>, which reports its errors with their paths.
/// </summary>
internal static class ApiExtensionsSchemaText
{
    public const string Text = """
        package apiextensions io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1 apiextensions.k8s.io/v1

        kind CustomResourceDefinition
          metadata                    meta.ObjectMeta                     1
          spec                        CustomResourceDefinitionSpec        2
          status                      CustomResourceDefinitionStatus      3

        type CustomResourceDefinitionSpec
          group                       string                              1
          names                       CustomResourceDefinitionNames       3
          scope                       string                              4
          versions                    []CustomResourceDefinitionVersion   7 list=atomic
          conversion                  CustomResourceConversion            9
          preserveUnknownFields       bool                                10

        type CustomResourceDefinitionNames
          plural                      string                              1
          singular                    string                              2
          shortNames                  []string                            3 list=atomic
          kind                        string                              4
          listKind                    string                              5
          categories                  []string                            6 list=atomic

        type CustomResourceDefinitionVersion
          name                        string                              1
          served                      bool                                2
          storage                     bool                                3
          deprecated                  bool                                7
          deprecationWarning          string                              8 ptr
          schema                      CustomResourceValidation            4
          subresources                CustomResourceSubresources          5
          additionalPrinterColumns    []CustomResourceColumnDefinition    6 list=atomic
          selectableFields            []SelectableField                   9 list=atomic

        type CustomResourceValidation
          openAPIV3Schema             object                              1

        type CustomResourceSubresources
          status                      object                              1
          scale                       CustomResourceSubresourceScale      2

        type CustomResourceSubresourceScale
          specReplicasPath            string                              1
          statusReplicasPath          string                              2
          labelSelectorPath           string                              3 ptr

        type CustomResourceColumnDefinition
          name                        string                              1
          type                        string                              2
          format                      string                              3
          description                 string                              4
          priority                    int32                               5
          jsonPath                    string                              6

        type SelectableField
          jsonPath                    string                              1

        type CustomResourceConversion
          strategy                    string                              1
          webhook                     object                              2

        type CustomResourceDefinitionStatus
          conditions                  []CustomResourceDefinitionCondition 1 list=map keys=type
          acceptedNames               CustomResourceDefinitionNames       2
          storedVersions              []string                            3 list=atomic

        type CustomResourceDefinitionCondition
          type                        string                              1
          status                      string                              2
          lastTransitionTime          time                                3
          reason                      string                              4
          message                     string                              5
        """;
}
