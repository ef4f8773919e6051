namespace Obs.Api.Cel;

internal enum CelTokenKind
{
    Int,
    Uint,
    Double,
    String,
    Bytes,
    Identifier,
    Punctuation,
    End,
}

/// <summary>One token of a CEL expression; <see cref="Value"/> holds a literal's value, <see cref="Text"/> the source.</summary>
internal sealed record CelToken(CelTokenKind Kind, string Text, int Position, object? Value = null)
{
    public bool Is(string punctuation) => Kind == CelTokenKind.Punctuation && Text == punctuation;
}
