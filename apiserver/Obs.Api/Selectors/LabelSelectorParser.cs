using Obs.Api.Errors;

namespace Obs.Api.Selectors;

/// <summary>
/// The recursive-descent parser for the string form of label selectors, following apimachinery's
/// grammar and error texts so that kubectl users see the messages they know.
/// </summary>
internal sealed class LabelSelectorParser
{
    private readonly List<(LabelSelectorToken Token, string Literal)> _items;
    private int _position;

    private LabelSelectorParser(string text) => _items = LabelSelectorLexer.Scan(text);

    /// <summary>The requirements, or null with the error message Kubernetes would give.</summary>
    public static List<LabelRequirement>? Parse(string text, out string? error)
    {
        var parser = new LabelSelectorParser(text);
        return parser.ParseAll(out error);
    }

    private List<LabelRequirement>? ParseAll(out string? error)
    {
        var requirements = new List<LabelRequirement>();
        while (true)
        {
            var (tok, lit) = Lookahead(values: true);
            switch (tok)
            {
                case LabelSelectorToken.Identifier or LabelSelectorToken.DoesNotExist:
                    var requirement = ParseRequirement(out error);
                    if (requirement is null)
                    {
                        error = "unable to parse requirement: " + error;
                        return null;
                    }
                    requirements.Add(requirement);
                    var (t, l) = Consume(values: true);
                    switch (t)
                    {
                        case LabelSelectorToken.EndOfString:
                            error = null;
                            return requirements;
                        case LabelSelectorToken.Comma:
                            var (t2, l2) = Lookahead(values: true);
                            if (t2 is not (LabelSelectorToken.Identifier or LabelSelectorToken.DoesNotExist))
                            {
                                error = $"found '{l2}', expected: identifier after ','";
                                return null;
                            }
                            break;
                        default:
                            error = $"found '{l}', expected: ',' or 'end of string'";
                            return null;
                    }
                    break;
                case LabelSelectorToken.EndOfString:
                    error = null;
                    return requirements;
                default:
                    error = $"found '{lit}', expected: !, identifier, or 'end of string'";
                    return null;
            }
        }
    }

    private LabelRequirement? ParseRequirement(out string? error)
    {
        SelectorOperator? op = null;
        var (tok, literal) = Consume(values: true);
        if (tok == LabelSelectorToken.DoesNotExist)
        {
            op = SelectorOperator.DoesNotExist;
            (tok, literal) = Consume(values: true);
        }
        if (tok != LabelSelectorToken.Identifier)
        {
            error = $"found '{literal}', expected: identifier";
            return null;
        }
        var key = literal;
        var keyErrors = Validation.NameFormats.IsQualifiedName(key);
        if (keyErrors.Count > 0)
        {
            // Kubernetes validates the key here with a nil field path, which Go prints as "<nil>".
            error = FieldError.Invalid("<nil>", key, string.Join("; ", keyErrors)).Message;
            return null;
        }
        var (next, _) = Lookahead(values: true);
        if (next is LabelSelectorToken.EndOfString or LabelSelectorToken.Comma)
            op ??= SelectorOperator.Exists;
        if (op is SelectorOperator.Exists or SelectorOperator.DoesNotExist)
            return Build(key, op.Value, [], out error);

        var (opTok, opLit) = Consume(values: false);
        SelectorOperator binary;
        switch (opTok)
        {
            case LabelSelectorToken.In: binary = SelectorOperator.In; break;
            case LabelSelectorToken.Equals: binary = SelectorOperator.Equals; break;
            case LabelSelectorToken.DoubleEquals: binary = SelectorOperator.DoubleEquals; break;
            case LabelSelectorToken.GreaterThan: binary = SelectorOperator.GreaterThan; break;
            case LabelSelectorToken.LessThan: binary = SelectorOperator.LessThan; break;
            case LabelSelectorToken.NotIn: binary = SelectorOperator.NotIn; break;
            case LabelSelectorToken.NotEquals: binary = SelectorOperator.NotEquals; break;
            default:
                error = $"found '{opLit}', expected: '=', '!=', '==', 'in', notin'";
                return null;
        }
        var values = binary is SelectorOperator.In or SelectorOperator.NotIn ? ParseValues(out error) : ParseExactValue(out error);
        if (values is null) return null;
        return Build(key, binary, values, out error);
    }

    private static LabelRequirement? Build(string key, SelectorOperator op, IEnumerable<string> values, out string? error)
    {
        var requirement = LabelRequirement.Create(key, op, values, out var errors);
        error = errors.Count switch
        {
            0 => null,
            1 => errors[0].Message,
            _ => "[" + string.Join(", ", errors.Select(e => e.Message)) + "]",
        };
        return error is null ? requirement : null;
    }

    private HashSet<string>? ParseValues(out string? error)
    {
        var (tok, lit) = Consume(values: true);
        if (tok != LabelSelectorToken.OpenPar)
        {
            error = $"found '{lit}' expected: '('";
            return null;
        }
        (tok, lit) = Lookahead(values: true);
        switch (tok)
        {
            case LabelSelectorToken.Identifier or LabelSelectorToken.Comma:
                var set = ParseIdentifiersList(out error);
                if (set is null) return null;
                if (Consume(values: true).Token != LabelSelectorToken.ClosedPar)
                {
                    error = $"found '{lit}', expected: ')'";
                    return null;
                }
                return set;
            case LabelSelectorToken.ClosedPar:
                Consume(values: true);
                error = null;
                return [""];
            default:
                error = $"found '{lit}', expected: ',', ')' or identifier";
                return null;
        }
    }

    private HashSet<string>? ParseIdentifiersList(out string? error)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (tok, lit) = Consume(values: true);
            switch (tok)
            {
                case LabelSelectorToken.Identifier:
                    set.Add(lit);
                    var (tok2, lit2) = Lookahead(values: true);
                    switch (tok2)
                    {
                        case LabelSelectorToken.Comma:
                            continue;
                        case LabelSelectorToken.ClosedPar:
                            error = null;
                            return set;
                        default:
                            error = $"found '{lit2}', expected: ',' or ')'";
                            return null;
                    }
                case LabelSelectorToken.Comma:
                    // "(,", ",)" and ",," each stand for an empty value.
                    if (set.Count == 0) set.Add("");
                    var next = Lookahead(values: true).Token;
                    if (next == LabelSelectorToken.ClosedPar)
                    {
                        set.Add("");
                        error = null;
                        return set;
                    }
                    if (next == LabelSelectorToken.Comma)
                    {
                        Consume(values: true);
                        set.Add("");
                    }
                    break;
                default:
                    error = $"found '{lit}', expected: ',', or identifier";
                    return null;
            }
        }
    }

    private HashSet<string>? ParseExactValue(out string? error)
    {
        error = null;
        var (tok, _) = Lookahead(values: true);
        if (tok is LabelSelectorToken.EndOfString or LabelSelectorToken.Comma) return [""];
        var (t, lit) = Consume(values: true);
        if (t == LabelSelectorToken.Identifier) return [lit];
        error = $"found '{lit}', expected: identifier";
        return null;
    }

    // In value position the keywords "in" and "notin" are ordinary identifiers ("x in (in)").
    private (LabelSelectorToken Token, string Literal) Lookahead(bool values) => AsContext(_items[Math.Min(_position, _items.Count - 1)], values);

    private (LabelSelectorToken Token, string Literal) Consume(bool values)
    {
        var item = _items[Math.Min(_position, _items.Count - 1)];
        _position++;
        return AsContext(item, values);
    }

    private static (LabelSelectorToken, string) AsContext((LabelSelectorToken Token, string Literal) item, bool values) =>
        values && item.Token is LabelSelectorToken.In or LabelSelectorToken.NotIn ? (LabelSelectorToken.Identifier, item.Literal) : item;
}
