namespace Obs.Api.Cel;

/// <summary>
/// The optional syntax: <c>a.?field</c> and <c>a[?key]</c> give optionals, none where the field, key or
/// index is absent; selecting or indexing into an optional carries on the same way (<c>a.?b.c</c> is none
/// when <c>b</c> or its <c>c</c> is absent); <c>[?x]</c> and <c>{?k: x}</c> keep an element or entry only
/// where the optional <c>x</c> has a value; and the macros <c>optMap</c> and <c>optFlatMap</c>.
/// </summary>
internal static class CelOptionalAccess
{
    public static CelOptional Select(object? operand, string field)
    {
        if (operand is CelOptional optional)
        {
            if (!optional.HasValue) return CelOptional.None;
            operand = optional.Value;
        }
        // Values that answer their fields themselves (variables.?x, authorizer objects), as maps do.
        if (operand is ICelFields fields) return fields.TryGetField(field, out var fieldValue) ? CelOptional.Of(fieldValue) : CelOptional.None;
        if (operand is not CelMap map)
            throw new CelEvaluationException(operand is null ? $"no such key: {field}" : $"type '{CelTypes.NameOf(operand)}' does not support field selection");
        return map.TryGetField(field, out var value) ? CelOptional.Of(value) : CelOptional.None;
    }

    public static CelOptional Index(object? operand, object? key)
    {
        if (operand is CelOptional optional)
        {
            if (!optional.HasValue) return CelOptional.None;
            operand = optional.Value;
        }
        switch (operand)
        {
            case CelList list:
                long? i = key switch
                {
                    long l => l,
                    ulong u when u <= long.MaxValue => (long)u,
                    double d when Math.Floor(d) == d && Math.Abs(d) < 9.2e18 => (long)d,
                    _ => null,
                };
                if (i is not { } index) throw CelEvaluationException.NoSuchOverload("_[?_]", operand, key);
                return index >= 0 && index < list.Count ? CelOptional.Of(list[(int)index]) : CelOptional.None;
            case CelMap map:
                if (key is not (string or long or ulong or bool or double)) throw CelEvaluationException.NoSuchOverload("_[?_]", operand, key);
                return map.TryGet(key, out var value) ? CelOptional.Of(value) : CelOptional.None;
            default:
                throw CelEvaluationException.NoSuchOverload("_[?_]", operand, key);
        }
    }

    /// <summary>The value of an expression that must be an optional (a <c>?</c>-marked element, an <c>optFlatMap</c> body).</summary>
    public static CelOptional Optional(CelExpr expr, CelBindings bindings, string function) =>
        CelInterpreter.Eval(expr, bindings) switch
        {
            CelOptional o => o,
            var other => throw CelEvaluationException.NoSuchOverload(function, other),
        };

    public static CelList ListLiteral(CelListLiteral list, CelBindings bindings)
    {
        var values = new List<object?>(list.Elements.Count);
        foreach (var element in list.Elements)
        {
            if (element is not CelOptionalElement marked) values.Add(CelInterpreter.Eval(element, bindings));
            else if (Optional(marked.Value, bindings, "[?_]") is { HasValue: true } present) values.Add(present.Value);
        }
        return new CelList(values);
    }

    /// <summary>A map literal entry's key and value; an entry whose key is <c>?</c>-marked is left out when its optional value is none.</summary>
    public static (object? Key, object? Value, bool Present) Entry(CelExpr keyExpr, CelExpr valueExpr, CelBindings bindings)
    {
        if (keyExpr is not CelOptionalElement marked) return (CelInterpreter.Eval(keyExpr, bindings), CelInterpreter.Eval(valueExpr, bindings), true);
        var key = CelInterpreter.Eval(marked.Value, bindings);
        var value = Optional(valueExpr, bindings, "{?_: _}");
        return (key, value.Value, value.HasValue);
    }

    /// <summary><c>opt.optMap(x, body)</c> and <c>opt.optFlatMap(x, body)</c>.</summary>
    public static CelOptional Map(CelMacro macro, CelBindings bindings)
    {
        var name = macro.Kind == CelMacroKind.OptMap ? "optMap" : "optFlatMap";
        var target = Optional(macro.Range, bindings, name);
        if (!target.HasValue) return CelOptional.None;
        var inner = bindings.With(macro.Variable, target.Value);
        return macro.Kind == CelMacroKind.OptMap ? CelOptional.Of(CelInterpreter.Eval(macro.Body, inner)) : Optional(macro.Body, inner, name);
    }
}
