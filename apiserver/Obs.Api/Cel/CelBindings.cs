namespace Obs.Api.Cel;

/// <summary>
/// The variables an expression sees: the caller's (<c>self</c>, <c>object</c>...) and, inside a macro, its
/// iteration variable; and the evaluation's step budget, shared by every scope of one evaluation.
/// </summary>
internal sealed class CelBindings
{
    private readonly IReadOnlyDictionary<string, object?> _variables;
    private readonly CelBindings? _parent;
    private readonly string? _name;
    private readonly object? _value;
    private readonly long[] _budget;

    private CelBindings(IReadOnlyDictionary<string, object?> variables, CelBindings? parent, string? name, object? value, long[] budget)
    {
        _variables = variables;
        _parent = parent;
        _name = name;
        _value = value;
        _budget = budget;
    }

    public static CelBindings Of(IReadOnlyDictionary<string, object?> variables, long steps) => new(variables, null, null, null, [steps]);

    public CelBindings With(string variable, object? bound) => new(_variables, this, variable, bound, _budget);

    /// <summary>
    /// Counts one step. Kubernetes bounds each rule by an estimated and an actual cost; this evaluator counts
    /// evaluated nodes, so a rule nesting comprehensions over large lists stops instead of holding the request.
    /// </summary>
    public void Spend()
    {
        if (--_budget[0] < 0) throw new CelEvaluationException("operation cancelled: actual cost limit exceeded");
    }

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
        return _variables.TryGetValue(variable, out found);
    }
}
