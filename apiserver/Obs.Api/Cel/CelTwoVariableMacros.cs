namespace Obs.Api.Cel;

/// <summary>
/// cel-go's two-variable comprehensions, over a list's indexes and elements or a map's keys and values:
/// <c>all</c>, <c>exists</c>, <c>existsOne</c>, <c>transformList</c> (a list of the body's values),
/// <c>transformMap</c> (the same keys, the body's values) and <c>transformMapEntry</c> (the body gives a
/// map of entries to add; a key given twice is an error). Filters, where given, skip entries first.
/// </summary>
internal static class CelTwoVariableMacros
{
    public static object? Eval(CelTwoVariableMacro macro, CelBindings bindings)
    {
        var range = CelInterpreter.Eval(macro.Range, bindings);
        var scopes = Entries(range).Select(entry => bindings.With(macro.Key, entry.Key).With(macro.Value, entry.Value));
        if (macro.Filter is { } filter) scopes = scopes.Where(scope => CelMacros.Predicate(filter, scope));
        switch (macro.Kind)
        {
            case CelTwoVariableMacroKind.All:
                return CelMacros.Quantifier(macro.Body, scopes, decisive: false);
            case CelTwoVariableMacroKind.Exists:
                return CelMacros.Quantifier(macro.Body, scopes, decisive: true);
            case CelTwoVariableMacroKind.ExistsOne:
                return scopes.Count(scope => CelMacros.Predicate(macro.Body, scope)) == 1;
            case CelTwoVariableMacroKind.TransformList:
                return new CelList(scopes.Select(scope => CelInterpreter.Eval(macro.Body, scope)).ToList());
            case CelTwoVariableMacroKind.TransformMap:
                var mapped = new List<KeyValuePair<object, object?>>();
                foreach (var scope in scopes)
                {
                    scope.TryGet(macro.Key, out var key);
                    mapped.Add(new(key!, CelInterpreter.Eval(macro.Body, scope)));
                }
                return new CelMap(mapped);
            default:
                return MergeEntries(macro, scopes);
        }
    }

    private static IEnumerable<KeyValuePair<object, object?>> Entries(object? range) => range switch
    {
        CelList list => list.Select((item, i) => new KeyValuePair<object, object?>((long)i, item)),
        CelMap map => map.Keys.Select(k => new KeyValuePair<object, object?>(k, map.TryGet(k, out var v) ? v : null)),
        _ => throw new CelEvaluationException($"expression of type '{CelTypes.NameOf(range)}' cannot be the range of a comprehension (must be list or map)"),
    };

    private static CelMap MergeEntries(CelTwoVariableMacro macro, IEnumerable<CelBindings> scopes)
    {
        var entries = new List<KeyValuePair<object, object?>>();
        var seen = new HashSet<object>();
        foreach (var scope in scopes)
        {
            if (CelInterpreter.Eval(macro.Body, scope) is not CelMap add) throw new CelEvaluationException("transformMapEntry() body must yield a map");
            foreach (var key in add.Keys)
            {
                // Map keys are strings, ints, uints and bools, which all have hash keys.
                if (CelHashKey.TryGet(key, out var hashKey) && !seen.Add(hashKey))
                    throw new CelEvaluationException($"insert failed: key {CelFormat.Display(key)} already exists");
                add.TryGet(key, out var value);
                entries.Add(new(key, value));
            }
        }
        return new CelMap(entries);
    }
}
