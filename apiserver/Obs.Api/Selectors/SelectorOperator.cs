namespace Obs.Api.Selectors;

/// <summary>How a label requirement relates its key to its values (apimachinery's <c>selection.Operator</c>).</summary>
public enum SelectorOperator
{
    Equals,
    DoubleEquals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}
