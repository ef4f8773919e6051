using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelSemverTests
{
    [Theory]
    [InlineData("isSemver('1.0.0') && isSemver('0.1.0-alpha.1+build.5')", "true")]
    [InlineData("isSemver('v1.0.0') || isSemver('1.0') || isSemver('01.1.1') || isSemver('1.0.0-01') || isSemver('hello')", "false")]
    [InlineData("isSemver('v1.0', true) && isSemver('01.01.01', true) && isSemver('2', true)", "true")]
    [InlineData("isSemver('1.0-alpha', true)", "false")]
    [InlineData("semver('v1.2', true) == semver('1.2.0')", "true")]
    [InlineData("semver('01.02.03', true).minor()", "2")]
    [InlineData("semver('1.2.3').major() + semver('1.2.3').minor() + semver('1.2.3').patch()", "6")]
    [InlineData("semver('1.2.3').compareTo(semver('1.2.3'))", "0")]
    [InlineData("semver('1.2.3').compareTo(semver('2.0.0'))", "-1")]
    [InlineData("semver('1.2.3').compareTo(semver('0.1.2'))", "1")]
    [InlineData("semver('1.0.0-alpha').isLessThan(semver('1.0.0'))", "true")]
    [InlineData("semver('1.0.0-alpha.2').isLessThan(semver('1.0.0-alpha.10'))", "true")]
    [InlineData("semver('1.0.0-alpha.1').isLessThan(semver('1.0.0-alpha.beta'))", "true")]
    [InlineData("semver('1.0.0-alpha').isLessThan(semver('1.0.0-alpha.1'))", "true")]
    [InlineData("semver('1.10.0').isGreaterThan(semver('1.9.9'))", "true")]
    [InlineData("semver('1.0.0+a') == semver('1.0.0+b')", "true")]
    public void Versions(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Fact]
    public void BadInputIsACelError()
    {
        Assert.Equal("No Major.Minor.Patch elements found", Error("semver('1.0')"));
        Assert.Equal("Invalid character(s) found in major number \"v1\"", Error("semver('v1.0.0')"));
        Assert.Equal("Major number must not contain leading zeroes \"01\"", Error("semver('01.0.0')"));
        Assert.Equal("short version cannot contain PreRelease/Build meta data", Error("semver('1.0-rc', true)"));
        Assert.Equal("no such overload: isLessThan(kubernetes.Semver, string)", Error("semver('1.0.0').isLessThan('2.0.0')"));
    }
}
