namespace Obs.Api.Cel;

/// <summary>
/// Evaluates a parsed expression over values. Errors are exceptions (<see cref="CelEvaluationException"/>),
/// caught where CEL absorbs them: <c>false &amp;&amp; error</c> is false and <c>true || error</c> is true
/// whichever side errs, and <c>all</c>/<c>exists</c> are decided by any false/true element likewise.
/// </summary>
internal static class CelInterpreter
{
    public static object? Eval(CelExpr expr, CelBindings bindings)
    {
        bindings.Spend();
        switch (expr)
        {
            case CelLiteral literal:
                return literal.Value;
            case CelIdent ident:
                return bindings.TryGet(ident.Name, out var value) ? value
                    : CelFunctions.TypeNamed(ident.Name) ?? throw new CelEvaluationException($"no such attribute: {ident.Name}");
            case CelSelect select:
                return Select(Eval(select.Operand, bindings), select.Field, select.TestOnly);
            case CelIndex index:
                return Index(Eval(index.Operand, bindings), Eval(index.Key, bindings));
            case CelAnd and:
                return Logical(and.Left, and.Right, bindings, decisive: false, "_&&_");
            case CelOr or:
                return Logical(or.Left, or.Right, bindings, decisive: true, "_||_");
            case CelConditional conditional:
                return Eval(conditional.Condition, bindings) switch
                {
                    true => Eval(conditional.Then, bindings),
                    false => Eval(conditional.Else, bindings),
                    var other => throw CelEvaluationException.NoSuchOverload("_?_:_", other),
                };
            case CelListLiteral list:
                return CelOptionalAccess.ListLiteral(list, bindings);
            case CelMapLiteral map:
                return MapLiteral(map, bindings);
            case CelMacro macro:
                return CelMacros.Eval(macro, bindings);
            case CelTwoVariableMacro macro:
                return CelTwoVariableMacros.Eval(macro, bindings);
            case CelOptionalSelect select:
                return CelOptionalAccess.Select(Eval(select.Operand, bindings), select.Field);
            case CelOptionalIndex index:
                return CelOptionalAccess.Index(Eval(index.Operand, bindings), Eval(index.Key, bindings));
            case CelCall call:
                return Call(call, bindings);
            default:
                throw new CelEvaluationException($"unknown expression {expr.GetType().Name}");
        }
    }

    private static object? Select(object? operand, string field, bool testOnly)
    {
        if (operand is CelOptional) return testOnly ? CelOptionalAccess.Select(operand, field).HasValue : CelOptionalAccess.Select(operand, field);
        if (operand is ICelFields fields)
        {
            var has = fields.TryGetField(field, out var fieldValue);
            return testOnly ? has : has ? fieldValue : throw CelEvaluationException.NoSuchKey(field);
        }
        if (operand is not CelMap map)
            throw new CelEvaluationException(operand is null ? $"no such key: {field}" : $"type '{CelTypes.NameOf(operand)}' does not support field selection");
        var found = map.TryGetField(field, out var value);
        if (testOnly) return found;
        return found ? value : throw CelEvaluationException.NoSuchKey(field);
    }

    public static object? Index(object? operand, object? key)
    {
        if (operand is CelOptional) return CelOptionalAccess.Index(operand, key);
        switch (operand)
        {
            case CelList list:
                long i = key switch
                {
                    long l => l,
                    ulong u when u <= long.MaxValue => (long)u,
                    double d when Math.Floor(d) == d && Math.Abs(d) < 9.2e18 => (long)d,
                    _ => throw CelEvaluationException.NoSuchOverload("_[_]", operand, key),
                };
                return i >= 0 && i < list.Count ? list[(int)i] : throw new CelEvaluationException($"index out of bounds: {i}");
            case CelMap map:
                if (key is not (string or long or ulong or bool or double)) throw CelEvaluationException.NoSuchOverload("_[_]", operand, key);
                return map.TryGet(key, out var value) ? value : throw CelEvaluationException.NoSuchKey(key);
            default:
                throw CelEvaluationException.NoSuchOverload("_[_]", operand, key);
        }
    }

    private static object? Logical(CelExpr left, CelExpr right, CelBindings bindings, bool decisive, string op)
    {
        var (l, leftError) = Try(left, bindings);
        if (l is bool lb && lb == decisive) return decisive;
        var (r, rightError) = Try(right, bindings);
        if (r is bool rb && rb == decisive) return decisive;
        if (leftError is not null) throw leftError;
        if (rightError is not null) throw rightError;
        if (l is bool && r is bool) return !decisive;
        throw CelEvaluationException.NoSuchOverload(op, l, r);
    }

    /// <summary>The value, or the error in its place (CEL errors are values).</summary>
    public static (object? Value, CelEvaluationException? Error) Try(CelExpr expr, CelBindings bindings)
    {
        try
        {
            return (Eval(expr, bindings), null);
        }
        catch (CelEvaluationException e)
        {
            return (null, e);
        }
    }

    private static CelMap MapLiteral(CelMapLiteral map, CelBindings bindings)
    {
        var entries = new List<KeyValuePair<object, object?>>();
        foreach (var (keyExpr, valueExpr) in map.Entries)
        {
            var (key, value, present) = CelOptionalAccess.Entry(keyExpr, valueExpr, bindings);
            if (key is not (string or long or ulong or bool)) throw new CelEvaluationException($"unsupported key type: {CelTypes.NameOf(key)}");
            if (!present) continue;
            if (entries.Any(e => CelEquality.KeysEqual(e.Key, key))) throw new CelEvaluationException($"Failed with repeated key: {CelFormat.Display(key)}");
            entries.Add(new(key, value));
        }
        return new CelMap(entries);
    }

    private static object? Call(CelCall call, CelBindings bindings)
    {
        switch (call.Function)
        {
            case "!_":
                return Eval(call.Args[0], bindings) is bool b ? !b : throw CelEvaluationException.NoSuchOverload("!_", Eval(call.Args[0], bindings));
            case "-_":
                return CelArithmetic.Negate(Eval(call.Args[0], bindings));
        }
        var args = new object?[call.Args.Count + (call.Target is null ? 0 : 1)];
        var at = 0;
        if (call.Target is not null) args[at++] = Eval(call.Target, bindings);
        foreach (var arg in call.Args) args[at++] = Eval(arg, bindings);
        return call.Target is null ? CelFunctions.CallGlobal(call.Function, args) : CelFunctions.CallMember(call.Function, args);
    }
}
