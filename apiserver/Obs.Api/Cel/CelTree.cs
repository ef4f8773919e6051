namespace Obs.Api.Cel;

/// <summary>Walks parsed expressions: the direct children of a node, for passes that treat most nodes alike.</summary>
internal static class CelTree
{
    public static IEnumerable<CelExpr> Children(CelExpr expr)
    {
        switch (expr)
        {
            case CelSelect s:
                yield return s.Operand;
                break;
            case CelIndex i:
                yield return i.Operand;
                yield return i.Key;
                break;
            case CelCall c:
                if (c.Target is not null) yield return c.Target;
                foreach (var a in c.Args) yield return a;
                break;
            case CelAnd a:
                yield return a.Left;
                yield return a.Right;
                break;
            case CelOr o:
                yield return o.Left;
                yield return o.Right;
                break;
            case CelConditional c:
                yield return c.Condition;
                yield return c.Then;
                yield return c.Else;
                break;
            case CelListLiteral l:
                foreach (var e in l.Elements) yield return e;
                break;
            case CelMapLiteral m:
                foreach (var (k, v) in m.Entries)
                {
                    yield return k;
                    yield return v;
                }
                break;
            case CelMacro m:
                yield return m.Range;
                if (m.Filter is not null) yield return m.Filter;
                yield return m.Body;
                break;
            case CelOptionalSelect s:
                yield return s.Operand;
                break;
            case CelOptionalIndex i:
                yield return i.Operand;
                yield return i.Key;
                break;
            case CelOptionalElement e:
                yield return e.Value;
                break;
            case CelTwoVariableMacro m:
                yield return m.Range;
                if (m.Filter is not null) yield return m.Filter;
                yield return m.Body;
                break;
        }
    }
}
