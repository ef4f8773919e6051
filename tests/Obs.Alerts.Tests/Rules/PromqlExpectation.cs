namespace Obs.Alerts.Tests.Rules;

/// <summary>A <c>promql_expr_test</c> entry, read as far as these tests need it: the expression it evaluates.</summary>
internal sealed class PromqlExpectation
{
    public string Expr { get; init; } = "";
}
