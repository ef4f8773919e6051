using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class ConfigDataValidationTests
{
    [Fact]
    public void ConfigMapKeysMustBeValid()
    {
        var cm = Obj("""{"metadata":{"name":"c","namespace":"d"},"data":{"ok.txt":"1","bad/key":"2"}}""");
        Assert.Equal(
            ["data[bad/key]: Invalid value: \"bad/key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.ConfigMap, cm)));
    }

    [Fact]
    public void ConfigMapLimitedToOneMebibyte()
    {
        var cm = Obj("""{"metadata":{"name":"c","namespace":"d"}}""");
        cm["data"] = new JsonObject { ["a"] = new string('x', 1024 * 1024), ["b"] = "y" };
        Assert.Equal("", Assert.Single(ObjectValidator.ValidateCreate(ResourceTypes.ConfigMap, cm)).Field);
    }

    [Fact]
    public void SecretTypesRequireTheirKeys()
    {
        var secret = Obj("""{"metadata":{"name":"s","namespace":"d"},"type":"kubernetes.io/tls","data":{"tls.crt":"YQ=="}}""");
        Assert.Equal(["data[tls.key]: Required value"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.Secret, secret)));
        secret = Obj("""{"metadata":{"name":"s","namespace":"d"},"type":"Opaque","data":{"k":"not base64!"}}""");
        Assert.Equal(["data[k]: Invalid value: \"<secret contents redacted>\": illegal base64 data"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.Secret, secret)));
    }

    [Fact]
    public void ImmutableConfigMapsAreFrozen()
    {
        var old = Obj("""{"metadata":{"name":"c","namespace":"d"},"immutable":true,"data":{"a":"1"}}""");
        var now = Obj("""{"metadata":{"name":"c","namespace":"d"},"immutable":true,"data":{"a":"2"}}""");
        Assert.Equal(["data: Forbidden: field is immutable when `immutable` is set"], Messages(ObjectValidator.ValidateUpdate(ResourceTypes.ConfigMap, now, old)));
    }

    [Fact]
    public void SecretTypeCannotChange()
    {
        var old = Obj("""{"metadata":{"name":"s","namespace":"d"},"type":"Opaque"}""");
        var now = Obj("""{"metadata":{"name":"s","namespace":"d"},"type":"kubernetes.io/basic-auth","data":{"username":"YQ=="}}""");
        Assert.Equal(["type: Invalid value: \"kubernetes.io/basic-auth\": field is immutable"], Messages(ObjectValidator.ValidateUpdate(ResourceTypes.Secret, now, old)));
    }
}
