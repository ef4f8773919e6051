using System.Numerics;

namespace Obs.Api.Cel;

/// <summary>
/// Parses CEL by the cel-spec grammar (ternary, <c>||</c>, <c>&amp;&amp;</c>, relations with <c>in</c>,
/// additive, multiplicative, unary <c>!</c> and <c>-</c>, member selection, indexing and calls, list and
/// map literals) into <see cref="CelExpr"/>. The macros <c>has</c>, <c>all</c>, <c>exists</c>,
/// <c>exists_one</c>, <c>map</c> and <c>filter</c> are expanded here, as CEL parsers do, and so are cel-go's
/// two-variable comprehensions, <c>optMap</c>/<c>optFlatMap</c> and the optional syntax (<c>a.?f</c>,
/// <c>m[?k]</c>, <c>[?x]</c>, <c>{?k: v}</c>) that Kubernetes enables.
/// </summary>
public sealed class CelParser
{
    private static readonly HashSet<string> Reserved =
        ["as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while"];

    // Nesting deeper than this is refused rather than risk the stack (cel-go limits recursion likewise).
    private const int MaxDepth = 250;

    private readonly string _source;
    private readonly List<CelToken> _tokens;
    private int _next;
    private int _depth;

    private CelParser(string source)
    {
        _source = source;
        _tokens = new CelLexer(source).Tokenize();
    }

    /// <summary>The expression's tree, or a <see cref="CelSyntaxException"/> saying what is wrong and where.</summary>
    public static CelExpr Parse(string source)
    {
        var parser = new CelParser(source);
        if (parser.Peek.Kind == CelTokenKind.End) throw CelSyntaxException.At(source, 0, "Syntax error: mismatched input '<EOF>' expecting an expression");
        var expr = parser.ParseExpr();
        if (parser.Peek.Kind != CelTokenKind.End) throw parser.Unexpected(parser.Peek, "end of expression");
        return expr;
    }

    private CelToken Peek => _tokens[_next];

    private CelToken Take() => _tokens[_next++];

    private bool Accept(string punctuation)
    {
        if (!Peek.Is(punctuation)) return false;
        _next++;
        return true;
    }

    private CelToken Expect(string punctuation)
    {
        if (!Peek.Is(punctuation)) throw Unexpected(Peek, $"'{punctuation}'");
        return Take();
    }

    private CelSyntaxException Unexpected(CelToken token, string expected) =>
        CelSyntaxException.At(_source, token.Position,
            $"Syntax error: mismatched input '{(token.Kind == CelTokenKind.End ? "<EOF>" : token.Text)}' expecting {expected}");

    private CelExpr ParseExpr()
    {
        if (++_depth > MaxDepth) throw CelSyntaxException.At(_source, Peek.Position, "expression recursion limit exceeded");
        try
        {
            var condition = ParseOr();
            if (!Peek.Is("?")) return condition;
            var at = Take().Position;
            var then = ParseOr();
            Expect(":");
            var otherwise = ParseExpr();
            return new CelConditional(condition, then, otherwise, at);
        }
        finally
        {
            _depth--;
        }
    }

    private CelExpr ParseOr()
    {
        var left = ParseAnd();
        while (Peek.Is("||"))
        {
            var at = Take().Position;
            left = new CelOr(left, ParseAnd(), at);
        }
        return left;
    }

    private CelExpr ParseAnd()
    {
        var left = ParseRelation();
        while (Peek.Is("&&"))
        {
            var at = Take().Position;
            left = new CelAnd(left, ParseRelation(), at);
        }
        return left;
    }

    private CelExpr ParseRelation()
    {
        var left = ParseAddition();
        while (true)
        {
            var token = Peek;
            string? op = token.Kind switch
            {
                CelTokenKind.Punctuation when token.Text is "<" or "<=" or ">" or ">=" or "==" or "!=" => $"_{token.Text}_",
                CelTokenKind.Identifier when token.Text == "in" => "@in",
                _ => null,
            };
            if (op is null) return left;
            _next++;
            left = new CelCall(null, op, [left, ParseAddition()], token.Position);
        }
    }

    private CelExpr ParseAddition()
    {
        var left = ParseMultiplication();
        while (Peek.Is("+") || Peek.Is("-"))
        {
            var token = Take();
            left = new CelCall(null, $"_{token.Text}_", [left, ParseMultiplication()], token.Position);
        }
        return left;
    }

    private CelExpr ParseMultiplication()
    {
        var left = ParseUnary();
        while (Peek.Is("*") || Peek.Is("/") || Peek.Is("%"))
        {
            var token = Take();
            left = new CelCall(null, $"_{token.Text}_", [left, ParseUnary()], token.Position);
        }
        return left;
    }

    private CelExpr ParseUnary()
    {
        if (Peek.Is("!"))
        {
            var at = Take().Position;
            return new CelCall(null, "!_", [ParseUnary()], at);
        }
        if (Peek.Is("-"))
        {
            var at = Take().Position;
            // A minus directly before an integer literal is part of it: -9223372036854775808 is an int.
            if (Peek.Kind == CelTokenKind.Int && !(_tokens[_next + 1].Is(".") || _tokens[_next + 1].Is("[")))
            {
                var token = Take();
                return new CelLiteral(IntLiteral(-(BigInteger)token.Value!, token), at);
            }
            return new CelCall(null, "-_", [ParseUnary()], at);
        }
        return ParseMember();
    }

    private long IntLiteral(BigInteger value, CelToken token) =>
        value < long.MinValue || value > long.MaxValue
            ? throw CelSyntaxException.At(_source, token.Position, $"invalid int literal '{token.Text}'")
            : (long)value;

    private CelExpr ParseMember()
    {
        var expr = ParsePrimary();
        while (true)
        {
            if (Peek.Is("."))
            {
                var dot = Take();
                var optional = Accept("?");
                var name = Take();
                if (name.Kind != CelTokenKind.Identifier) throw Unexpected(name, "a field or method name");
                if (Peek.Is("(") && optional) throw CelSyntaxException.At(_source, dot.Position, "unsupported syntax '.?'");
                if (Accept("("))
                {
                    var args = ParseArguments(")");
                    expr = Method(expr, name, args);
                }
                else if (optional) expr = new CelOptionalSelect(expr, name.Text, dot.Position);
                // A qualified type name (net.CIDR) is one identifier, as cel-go resolves the longest declared name.
                else if (expr is CelIdent root && CelFunctions.TypeNamed($"{root.Name}.{name.Text}") is not null) expr = root with { Name = $"{root.Name}.{name.Text}" };
                else expr = new CelSelect(expr, name.Text, false, dot.Position);
            }
            else if (Peek.Is("["))
            {
                var at = Take().Position;
                var optional = Accept("?");
                var key = ParseExpr();
                Expect("]");
                expr = optional ? new CelOptionalIndex(expr, key, at) : new CelIndex(expr, key, at);
            }
            else return expr;
        }
    }

    private CelExpr Method(CelExpr target, CelToken name, List<CelExpr> args)
    {
        CelMacroKind? kind = name.Text switch
        {
            "all" when args.Count == 2 => CelMacroKind.All,
            "exists" when args.Count == 2 => CelMacroKind.Exists,
            "exists_one" when args.Count == 2 => CelMacroKind.ExistsOne,
            "filter" when args.Count == 2 => CelMacroKind.Filter,
            "map" when args.Count is 2 or 3 => CelMacroKind.Map,
            "optMap" when args.Count == 2 => CelMacroKind.OptMap,
            "optFlatMap" when args.Count == 2 => CelMacroKind.OptFlatMap,
            _ => null,
        };
        // optional.of(x), ip.isCanonical(s), format.dns1123Label() name functions in a namespace, not methods of a
        // variable; as in cel-go, the namespaced function wins over a variable of the same name.
        if (target is CelIdent ns && CelFunctions.GlobalNames.Contains($"{ns.Name}.{name.Text}")) return new CelCall(null, $"{ns.Name}.{name.Text}", args, name.Position);
        if (TwoVariableMacro(target, name, args) is { } twoVariable) return twoVariable;
        if (kind is not { } macro) return new CelCall(target, name.Text, args, name.Position);
        if (args[0] is not CelIdent variable)
            throw CelSyntaxException.At(_source, args[0].Position, $"{name.Text}() variable name must be a simple identifier");
        var (body, filter) = args.Count == 3 ? (args[2], args[1]) : (args[1], (CelExpr?)null);
        return new CelMacro(macro, target, variable.Name, body, filter, name.Position);
    }

    /// <summary>cel-go's two-variable comprehensions: <c>all(k, v, p)</c>, ..., <c>transformMapEntry(k, v, [filter,] e)</c>.</summary>
    private CelTwoVariableMacro? TwoVariableMacro(CelExpr target, CelToken name, List<CelExpr> args)
    {
        CelTwoVariableMacroKind? kind = name.Text switch
        {
            "all" when args.Count == 3 => CelTwoVariableMacroKind.All,
            "exists" when args.Count == 3 => CelTwoVariableMacroKind.Exists,
            "existsOne" or "exists_one" when args.Count == 3 => CelTwoVariableMacroKind.ExistsOne,
            "transformList" when args.Count is 3 or 4 => CelTwoVariableMacroKind.TransformList,
            "transformMap" when args.Count is 3 or 4 => CelTwoVariableMacroKind.TransformMap,
            "transformMapEntry" when args.Count is 3 or 4 => CelTwoVariableMacroKind.TransformMapEntry,
            _ => null,
        };
        if (kind is not { } macro) return null;
        if (args[0] is not CelIdent key)
            throw CelSyntaxException.At(_source, args[0].Position, $"{name.Text}() first variable name must be a simple identifier");
        if (args[1] is not CelIdent value)
            throw CelSyntaxException.At(_source, args[1].Position, $"{name.Text}() second variable name must be a simple identifier");
        if (key.Name == value.Name)
            throw CelSyntaxException.At(_source, args[1].Position, $"{name.Text}() second variable must be different from the first variable");
        var (body, filter) = args.Count == 4 ? (args[3], args[2]) : (args[2], (CelExpr?)null);
        return new CelTwoVariableMacro(macro, target, key.Name, value.Name, body, filter, name.Position);
    }

    private List<CelExpr> ParseArguments(string close)
    {
        var args = new List<CelExpr>();
        if (Accept(close)) return args;
        while (true)
        {
            args.Add(ParseExpr());
            if (Accept(close)) return args;
            Expect(",");
        }
    }

    private CelExpr ParsePrimary()
    {
        var token = Take();
        switch (token.Kind)
        {
            case CelTokenKind.Int:
                return new CelLiteral(IntLiteral((BigInteger)token.Value!, token), token.Position);
            case CelTokenKind.Uint or CelTokenKind.Double or CelTokenKind.String or CelTokenKind.Bytes:
                return new CelLiteral(token.Value, token.Position);
            case CelTokenKind.Identifier:
                return Identifier(token);
            case CelTokenKind.Punctuation when token.Text == "(":
                var inner = ParseExpr();
                Expect(")");
                return inner;
            case CelTokenKind.Punctuation when token.Text == "[":
                return new CelListLiteral(ParseListElements(), token.Position);
            case CelTokenKind.Punctuation when token.Text == "{":
                return ParseMap(token);
            case CelTokenKind.Punctuation when token.Text == "." && Peek.Kind == CelTokenKind.Identifier:
                // A leading dot names the root scope; there are no containers here, so it is the plain name.
                return Identifier(Take());
            default:
                throw Unexpected(token, "an expression");
        }
    }

    private CelExpr Identifier(CelToken token)
    {
        switch (token.Text)
        {
            case "true": return new CelLiteral(true, token.Position);
            case "false": return new CelLiteral(false, token.Position);
            case "null": return new CelLiteral(null, token.Position);
            case "in":
                throw Unexpected(token, "an expression");
        }
        if (Reserved.Contains(token.Text)) throw CelSyntaxException.At(_source, token.Position, $"reserved identifier: {token.Text}");
        if (!Accept("(")) return new CelIdent(token.Text, token.Position);
        var args = ParseArguments(")");
        if (token.Text == "has")
        {
            if (args is not [CelSelect select])
                throw CelSyntaxException.At(_source, token.Position, "invalid argument to has() macro");
            return select with { TestOnly = true };
        }
        return new CelCall(null, token.Text, args, token.Position);
    }

    private List<CelExpr> ParseListElements()
    {
        var elements = new List<CelExpr>();
        if (Accept("]")) return elements;
        while (true)
        {
            elements.Add(MaybeOptional());
            if (Accept("]")) return elements;
            Expect(",");
            // A trailing comma is allowed in list literals.
            if (Accept("]")) return elements;
        }
    }

    /// <summary>A list element or map key, marked <c>?</c> when it is taken only where an optional has a value.</summary>
    private CelExpr MaybeOptional()
    {
        if (!Peek.Is("?")) return ParseExpr();
        var at = Take().Position;
        return new CelOptionalElement(ParseExpr(), at);
    }

    private CelExpr ParseMap(CelToken open)
    {
        var entries = new List<(CelExpr, CelExpr)>();
        while (!Accept("}"))
        {
            var key = MaybeOptional();
            Expect(":");
            entries.Add((key, ParseExpr()));
            if (Accept("}")) break;
            Expect(",");
        }
        return new CelMapLiteral(entries, open.Position);
    }
}
