namespace Obs.Api.Cel;

/// <summary>The variables an expression sees: the caller's (<c>self</c>, <c>object</c>...) and, inside a macro, its iteration variable.</summary>
internal sealed class CelBindings(IReadOnlyDictionary<string, object?> variables, CelBindings? parent = null, string? name = null, object? value = null)
{
    public static CelBindings Of(IReadOnlyDictionary<string, object?> variables) => new(variables);

    public CelBindings With(string variable, object? bound) => new(variables, this, variable, bound);

    public bool TryGet(string variable, out object? found)
    {
        for (var b = this; b is not null; b = b._parent)
        {
            if (b._name == variable)
            {
                found = b._value;
                return true;
            }
        }
        return variables.TryGetValue(variable, out found);
    }

    private readonly CelBindings? _parent = parent;
    private readonly string? _name = name;
    private readonly object? _value = value;
}
