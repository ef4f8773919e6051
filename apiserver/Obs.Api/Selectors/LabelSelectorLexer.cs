namespace Obs.Api.Selectors;

/// <summary>
/// Splits a label selector into tokens the way apimachinery's lexer does: identifiers run until
/// whitespace or one of <c>=!(),&gt;&lt;</c>; symbols take the longest match (<c>!=</c>, <c>==</c>);
/// <c>in</c> and <c>notin</c> are keywords.
/// </summary>
internal static class LabelSelectorLexer
{
    public static List<(LabelSelectorToken Token, string Literal)> Scan(string text)
    {
        var items = new List<(LabelSelectorToken, string)>();
        var pos = 0;
        while (true)
        {
            while (pos < text.Length && IsWhitespace(text[pos])) pos++;
            if (pos >= text.Length)
            {
                items.Add((LabelSelectorToken.EndOfString, ""));
                return items;
            }
            if (IsSpecial(text[pos]))
            {
                var two = pos + 1 < text.Length ? text.Substring(pos, 2) : "";
                if (two is "!=" or "==")
                {
                    items.Add((two == "!=" ? LabelSelectorToken.NotEquals : LabelSelectorToken.DoubleEquals, two));
                    pos += 2;
                    continue;
                }
                var one = text[pos];
                pos++;
                items.Add((one switch
                {
                    ')' => LabelSelectorToken.ClosedPar,
                    ',' => LabelSelectorToken.Comma,
                    '!' => LabelSelectorToken.DoesNotExist,
                    '=' => LabelSelectorToken.Equals,
                    '>' => LabelSelectorToken.GreaterThan,
                    '<' => LabelSelectorToken.LessThan,
                    _ => LabelSelectorToken.OpenPar,
                }, one.ToString()));
                continue;
            }
            var start = pos;
            while (pos < text.Length && !IsWhitespace(text[pos]) && !IsSpecial(text[pos])) pos++;
            var word = text[start..pos];
            items.Add((word switch
            {
                "in" => LabelSelectorToken.In,
                "notin" => LabelSelectorToken.NotIn,
                _ => LabelSelectorToken.Identifier,
            }, word));
        }
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSpecial(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';
}
