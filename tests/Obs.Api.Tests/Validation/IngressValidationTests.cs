using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class IngressValidationTests
{
    [Fact]
    public void ValidIngressHasNoErrors()
    {
        var ing = Obj("""
            {"metadata":{"name":"web","namespace":"d"},"spec":{"rules":[{"host":"*.example.com","http":{"paths":[
              {"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}]}}]}}
            """);
        Assert.Empty(ObjectValidator.ValidateCreate(ResourceTypes.Ingress, ing));
    }

    [Fact]
    public void RulesOrDefaultBackendRequired()
    {
        var ing = Obj("""{"metadata":{"name":"web","namespace":"d"},"spec":{}}""");
        Assert.Equal(["spec: Invalid value: null: either `defaultBackend` or `rules` must be specified"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.Ingress, ing)));
    }

    [Fact]
    public void PathsAndBackendsAreChecked()
    {
        var ing = Obj("""
            {"metadata":{"name":"web","namespace":"d"},"spec":{"rules":[{"host":"10.0.0.1","http":{"paths":[
              {"path":"api","pathType":"Exact","backend":{"service":{"name":"web","port":{}}}},
              {"path":"/","backend":{"service":{"name":"web","port":{"name":"http"}}}}]}}]}}
            """);
        var messages = Messages(ObjectValidator.ValidateCreate(ResourceTypes.Ingress, ing));
        Assert.Equal("spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address", messages[0]);
        Assert.Contains("spec.rules[0].http.paths[0].path: Invalid value: \"api\": must be an absolute path", messages);
        Assert.Contains("spec.rules[0].http.paths[0].backend: Required value: port name or number is required", messages);
        Assert.Contains("spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified", messages);
    }
}
