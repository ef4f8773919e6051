namespace Obs.Api.Selectors;

/// <summary>The tokens of the label selector grammar.</summary>
internal enum LabelSelectorToken
{
    Error,
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}
