namespace Obs.Api.Schema;

public enum StrictProblemKind
{
    /// <summary>A field the type does not have; rejected by <c>fieldValidation=Strict</c>, a warning under <c>Warn</c>.</summary>
    UnknownField,
    /// <summary>The same field twice in one object; treated like an unknown field.</summary>
    DuplicateField,
    /// <summary>A value of the wrong JSON type; always a 400, whatever the field validation.</summary>
    WrongType,
}
