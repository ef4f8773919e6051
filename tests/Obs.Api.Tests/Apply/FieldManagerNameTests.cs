using Obs.Api.Apply;

namespace Obs.Api.Tests.Apply;

public sealed class FieldManagerNameTests
{
    [Theory]
    [InlineData("kubectl-edit", "kubectl/v1.31.0 (linux/amd64) kubernetes/abc", "kubectl-edit")]
    [InlineData(null, "kubectl/v1.31.0 (linux/amd64) kubernetes/abc", "kubectl")]
    [InlineData("", "obs-controller", "obs-controller")]
    [InlineData(null, null, "")]
    public void ManagerDefaultsToTheUserAgentProduct(string? fieldManager, string? userAgent, string expected)
    {
        Assert.Equal(expected, FieldManagerName.Resolve(fieldManager, userAgent));
    }

    [Fact]
    public void ApplyRequiresAManager()
    {
        var error = Assert.Single(FieldManagerName.Validate(null, isApply: true, forceGiven: false));

        Assert.Equal("fieldManager: Required value: is required for apply patch", error.Message);
    }

    [Fact]
    public void ForceIsOnlyForApply()
    {
        var error = Assert.Single(FieldManagerName.Validate("x", isApply: false, forceGiven: true));

        Assert.Equal("force: Forbidden: may not be specified for non-apply patch", error.Message);
    }

    [Fact]
    public void ManagerMustBeShortAndPrintable()
    {
        Assert.Empty(FieldManagerName.Validate("kubectl-client-side-apply", isApply: true, forceGiven: true));
        Assert.Single(FieldManagerName.Validate(new string('a', 129), isApply: false, forceGiven: false));
        var error = Assert.Single(FieldManagerName.Validate("ab\u0007c", isApply: false, forceGiven: false));
        Assert.Equal("fieldManager: Invalid value: \"ab\u0007c\": invalid character U+0007 (at position 2)", error.Message);
    }
}
