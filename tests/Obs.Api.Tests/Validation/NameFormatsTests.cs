using Obs.Api.Validation;

namespace Obs.Api.Tests.Validation;

public class NameFormatsTests
{
    [Theory]
    [InlineData("app")]
    [InlineData("app.kubernetes.io/name")]
    [InlineData("My_Name-1")]
    public void QualifiedNamesAccepted(string value) => Assert.Empty(NameFormats.IsQualifiedName(value));

    [Fact]
    public void QualifiedNameErrorsMatchKubernetes()
    {
        Assert.Equal(
            ["name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
            NameFormats.IsQualifiedName("-bad"));
        Assert.Equal(["prefix part must be non-empty"], NameFormats.IsQualifiedName("/name"));
        Assert.Equal(["name part must be non-empty", "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
            NameFormats.IsQualifiedName("example.com/"));
        Assert.StartsWith("a qualified name must consist of", NameFormats.IsQualifiedName("a/b/c")[0]);
        Assert.Equal("name part must be no more than 63 characters", NameFormats.IsQualifiedName(new string('a', 64))[0]);
    }

    [Fact]
    public void Dns1123LabelErrorsMatchKubernetes()
    {
        Assert.Empty(NameFormats.IsDns1123Label("web-1"));
        Assert.Equal(
            ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
            NameFormats.IsDns1123Label("Web"));
        Assert.Equal(["must not contain dots"], NameFormats.IsDns1123Label("a.b"));
    }

    [Fact]
    public void Dns1123SubdomainAndDns1035Label()
    {
        Assert.Empty(NameFormats.IsDns1123Subdomain("my.app-1"));
        Assert.Equal(
            ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
            NameFormats.IsDns1123Subdomain("My_App"));
        Assert.Equal(
            ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"],
            NameFormats.IsDns1035Label("1web"));
    }

    [Fact]
    public void LabelValuesMayBeEmpty()
    {
        Assert.Empty(NameFormats.IsValidLabelValue(""));
        Assert.Equal(2, NameFormats.IsValidLabelValue("-" + new string('a', 63)).Count);
    }

    [Fact]
    public void ConfigMapKeysRejectDotPrefixes()
    {
        Assert.Empty(NameFormats.IsConfigMapKey("app.properties"));
        Assert.Equal(["must not be '..'"], NameFormats.IsConfigMapKey(".."));
        Assert.Equal(["must not start with '..'"], NameFormats.IsConfigMapKey("..x"));
        Assert.Equal("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
            NameFormats.IsConfigMapKey("a/b")[0]);
    }

    [Fact]
    public void PortNamesAndNumbers()
    {
        Assert.Empty(NameFormats.IsValidPortName("http"));
        Assert.Equal(["must contain at least one letter (a-z)"], NameFormats.IsValidPortName("8080"));
        Assert.Equal(["must not contain consecutive hyphens"], NameFormats.IsValidPortName("a--b"));
        Assert.Equal(["must be between 1 and 65535, inclusive"], NameFormats.IsValidPortNum(0));
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("10.0.1", false)]
    [InlineData("nope", false)]
    public void IpAddresses(string value, bool valid) => Assert.Equal(valid, NameFormats.IsIp(value));

    [Fact]
    public void EnvVarNamesAreRelaxed()
    {
        Assert.Empty(NameFormats.IsEnvVarName("1.my-VAR"));
        Assert.Equal(["a valid environment variable name must consist only of printable ASCII characters other than '='"], NameFormats.IsEnvVarName("A=B"));
    }
}
