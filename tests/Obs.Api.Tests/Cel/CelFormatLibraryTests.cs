using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelFormatLibraryTests
{
    [Theory]
    [InlineData("format.dns1123Label().validate('my-label-name')", "dns1123Label")]
    [InlineData("format.dns1123Subdomain().validate('apiextensions.k8s.io')", "dns1123Subdomain")]
    [InlineData("format.dns1035Label().validate('my-label-name')", "dns1035Label")]
    [InlineData("format.qualifiedName().validate('apiextensions.k8s.io/v1beta1')", "qualifiedName")]
    [InlineData("format.dns1123LabelPrefix().validate('my-label-prefix-')", "dns1123LabelPrefix")]
    [InlineData("format.dns1123SubdomainPrefix().validate('mysubdomain.prefix.-')", "dns1123SubdomainPrefix")]
    [InlineData("format.dns1035LabelPrefix().validate('my-label-prefix-')", "dns1035LabelPrefix")]
    [InlineData("format.labelValue().validate('')", "labelValue")]
    [InlineData("format.uri().validate('http://example.com')", "uri")]
    [InlineData("format.uuid().validate('123e4567-e89b-12d3-a456-426614174000')", "uuid")]
    [InlineData("format.byte().validate('aGVsbG8=')", "byte")]
    [InlineData("format.date().validate('2021-01-01')", "date")]
    [InlineData("format.datetime().validate('2021-01-01T00:00:00Z')", "datetime")]
    public void AValidStringHasNoErrors(string expr, string name)
    {
        Assert.Equal("false", Show(expr + ".hasValue()"));
        Assert.Equal("false", Show(expr.Replace($"format.{name}()", $"format.named('{name}').value()", StringComparison.Ordinal) + ".hasValue()"));
    }

    [Theory]
    [InlineData("format.dns1123Label().validate('My_Label')",
        "[\"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\"]")]
    [InlineData("format.dns1035Label().validate('1abc')",
        "[\"a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')\"]")]
    [InlineData("format.uri().validate('example.com')", "[\"parse \"example.com\": invalid URI for request\"]")]
    [InlineData("format.uuid().validate('not-a-uuid')", "[\"does not match the UUID format\"]")]
    [InlineData("format.byte().validate('aGVsbG8')", "[\"invalid base64\"]")]
    [InlineData("format.date().validate('2021-02-30')", "[\"invalid date\"]")]
    [InlineData("format.datetime().validate('2021-01-01T25:00:00Z')", "[\"invalid datetime\"]")]
    [InlineData("format.datetime().validate('2021-01-01T00:00:00')", "[\"invalid datetime\"]")]
    public void AnInvalidStringHasItsErrors(string expr, string expected) => Assert.Equal(expected, Show(expr + ".value()"));

    [Theory]
    [InlineData("format.named('dns1123Label').hasValue()", "true")]
    [InlineData("format.named('nope').hasValue()", "false")]
    [InlineData("format.dns1123LabelPrefix().validate('abc-').hasValue()", "false")]
    [InlineData("format.dns1123Label().validate('abc-').hasValue()", "true")]
    [InlineData("format.labelValue().validate('a-b_c.d').hasValue()", "false")]
    public void Names(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Fact]
    public void MisuseIsAnError()
    {
        Assert.Equal("no such overload: validate(kubernetes.NamedFormat, int)", Error("format.uuid().validate(1)"));
        Assert.Contains("undeclared reference to 'format'", CompileError("format.nope().validate('x')"));
    }
}
