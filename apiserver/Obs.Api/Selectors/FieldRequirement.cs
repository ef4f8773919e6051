namespace Obs.Api.Selectors;

/// <summary>One term of a field selector: <c>field=value</c> (or <c>==</c>), or <c>field!=value</c> when <see cref="NotEquals"/>.</summary>
public sealed record FieldRequirement(string Field, string Value, bool NotEquals)
{
    public bool Matches(Func<string, string> field)
    {
        var actual = field(Field);
        return NotEquals ? !string.Equals(actual, Value, StringComparison.Ordinal) : string.Equals(actual, Value, StringComparison.Ordinal);
    }

    /// <summary><c>metadata.name=web</c>, with <c>\</c>, <c>,</c> and <c>=</c> in the value escaped by a backslash.</summary>
    public override string ToString() => Field + (NotEquals ? "!=" : "=") + FieldSelector.EscapeValue(Value);
}
