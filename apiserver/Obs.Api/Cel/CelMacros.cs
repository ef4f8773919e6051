namespace Obs.Api.Cel;

/// <summary>
/// The comprehension macros over a list's elements or a map's keys. <c>all</c> is false as soon as one
/// element's predicate is false, even where another's errs, and <c>exists</c> likewise true: the error
/// surfaces only when nothing decided the result.
/// </summary>
internal static class CelMacros
{
    public static object? Eval(CelMacro macro, CelBindings bindings)
    {
        if (macro.Kind is CelMacroKind.OptMap or CelMacroKind.OptFlatMap) return CelOptionalAccess.Map(macro, bindings);
        var range = CelInterpreter.Eval(macro.Range, bindings);
        IEnumerable<object?> items = range switch
        {
            CelList list => list,
            CelMap map => map.Keys.Cast<object?>(),
            _ => throw new CelEvaluationException($"expression of type '{CelTypes.NameOf(range)}' cannot be the range of a comprehension (must be list or map)"),
        };
        switch (macro.Kind)
        {
            case CelMacroKind.All:
                return Quantifier(macro.Body, items.Select(item => bindings.With(macro.Variable, item)), decisive: false);
            case CelMacroKind.Exists:
                return Quantifier(macro.Body, items.Select(item => bindings.With(macro.Variable, item)), decisive: true);
            case CelMacroKind.ExistsOne:
                var count = 0L;
                foreach (var item in items)
                {
                    if (Predicate(macro.Body, bindings.With(macro.Variable, item))) count++;
                }
                return count == 1;
            case CelMacroKind.Filter:
                return new CelList(items.Where(item => Predicate(macro.Body, bindings.With(macro.Variable, item))).ToList());
            default:
                var mapped = new List<object?>();
                foreach (var item in items)
                {
                    var inner = bindings.With(macro.Variable, item);
                    if (macro.Filter is null || Predicate(macro.Filter, inner)) mapped.Add(CelInterpreter.Eval(macro.Body, inner));
                }
                return new CelList(mapped);
        }
    }

    /// <summary><c>all</c> (decisive false) or <c>exists</c> (decisive true) of the body in each scope.</summary>
    public static bool Quantifier(CelExpr body, IEnumerable<CelBindings> scopes, bool decisive)
    {
        CelEvaluationException? error = null;
        foreach (var scope in scopes)
        {
            var (value, e) = CelInterpreter.Try(body, scope);
            if (value is bool b)
            {
                if (b == decisive) return decisive;
            }
            else error ??= e ?? CelEvaluationException.NoSuchOverload(decisive ? "_||_" : "_&&_", value);
        }
        if (error is not null) throw error;
        return !decisive;
    }

    public static bool Predicate(CelExpr body, CelBindings bindings) =>
        CelInterpreter.Eval(body, bindings) is bool b ? b : throw CelEvaluationException.NoSuchOverload("_&&_", CelInterpreter.Eval(body, bindings));
}
