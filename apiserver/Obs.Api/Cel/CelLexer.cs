using System.Globalization;
using System.Numerics;
using System.Text;

namespace Obs.Api.Cel;

/// <summary>
/// Splits a CEL expression into tokens, as the cel-spec lexical grammar defines them: decimal and hex
/// integers (a <c>u</c> suffix makes them unsigned), doubles, single-, double- and triple-quoted strings
/// with escapes, raw (<c>r"..."</c>) strings and bytes (<c>b"..."</c>), identifiers and punctuation.
/// </summary>
internal sealed class CelLexer(string source)
{
    private static readonly string[] Punctuation =
        ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "!", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"];

    private int _pos;

    public List<CelToken> Tokenize()
    {
        var tokens = new List<CelToken>();
        while (true)
        {
            SkipSpaceAndComments();
            if (_pos >= source.Length)
            {
                tokens.Add(new CelToken(CelTokenKind.End, "", _pos));
                return tokens;
            }
            tokens.Add(Next());
        }
    }

    private void SkipSpaceAndComments()
    {
        while (_pos < source.Length)
        {
            if (char.IsWhiteSpace(source[_pos])) _pos++;
            else if (source[_pos] == '/' && _pos + 1 < source.Length && source[_pos + 1] == '/')
            {
                while (_pos < source.Length && source[_pos] != '\n') _pos++;
            }
            else return;
        }
    }

    private CelToken Next()
    {
        var start = _pos;
        var c = source[_pos];
        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < source.Length && char.IsAsciiDigit(source[_pos + 1]))) return Number(start);
        if (IsQuote(c)) return Text(start, raw: false, bytes: false);
        if (char.IsAsciiLetter(c) || c == '_')
        {
            // A string prefix: r/R raw, b/B bytes, in either order.
            var prefixEnd = _pos;
            while (prefixEnd < source.Length && prefixEnd - _pos < 2 && "rRbB".Contains(source[prefixEnd])) prefixEnd++;
            if (prefixEnd > _pos && prefixEnd < source.Length && IsQuote(source[prefixEnd]))
            {
                var prefix = source[_pos..prefixEnd].ToLowerInvariant();
                if (prefix is "r" or "b" or "rb" or "br")
                {
                    _pos = prefixEnd;
                    return Text(start, raw: prefix.Contains('r'), bytes: prefix.Contains('b'));
                }
            }
            while (_pos < source.Length && (char.IsAsciiLetterOrDigit(source[_pos]) || source[_pos] == '_')) _pos++;
            return new CelToken(CelTokenKind.Identifier, source[start.._pos], start);
        }
        foreach (var p in Punctuation)
        {
            if (string.CompareOrdinal(source, _pos, p, 0, p.Length) == 0)
            {
                _pos += p.Length;
                return new CelToken(CelTokenKind.Punctuation, p, start);
            }
        }
        throw CelSyntaxException.At(source, start, $"Syntax error: token recognition error at: '{c}'");
    }

    private static bool IsQuote(char c) => c is '"' or '\'';

    private CelToken Number(int start)
    {
        if (source[_pos] == '0' && _pos + 1 < source.Length && source[_pos + 1] is 'x' or 'X')
        {
            _pos += 2;
            var digitsStart = _pos;
            while (_pos < source.Length && char.IsAsciiHexDigit(source[_pos])) _pos++;
            var hex = source[digitsStart.._pos];
            if (hex.Length == 0) throw CelSyntaxException.At(source, start, "Syntax error: malformed hex literal");
            var value = BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return Integer(start, value);
        }
        var isDouble = false;
        while (_pos < source.Length && char.IsAsciiDigit(source[_pos])) _pos++;
        if (_pos + 1 < source.Length && source[_pos] == '.' && char.IsAsciiDigit(source[_pos + 1]))
        {
            isDouble = true;
            _pos++;
            while (_pos < source.Length && char.IsAsciiDigit(source[_pos])) _pos++;
        }
        if (_pos < source.Length && source[_pos] is 'e' or 'E')
        {
            var save = _pos;
            _pos++;
            if (_pos < source.Length && source[_pos] is '+' or '-') _pos++;
            if (_pos < source.Length && char.IsAsciiDigit(source[_pos]))
            {
                isDouble = true;
                while (_pos < source.Length && char.IsAsciiDigit(source[_pos])) _pos++;
            }
            else _pos = save;
        }
        var text = source[start.._pos];
        if (isDouble) return new CelToken(CelTokenKind.Double, text, start, double.Parse(text, CultureInfo.InvariantCulture));
        return Integer(start, BigInteger.Parse(text, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// An integer literal; its range is checked by the parser, which knows whether a minus sign
    /// precedes it (-9223372036854775808 is a valid int).
    /// </summary>
    private CelToken Integer(int start, BigInteger value)
    {
        if (_pos < source.Length && source[_pos] is 'u' or 'U')
        {
            _pos++;
            if (value > ulong.MaxValue) throw CelSyntaxException.At(source, start, "invalid uint literal");
            return new CelToken(CelTokenKind.Uint, source[start.._pos], start, (ulong)value);
        }
        return new CelToken(CelTokenKind.Int, source[start.._pos], start, value);
    }

    private CelToken Text(int start, bool raw, bool bytes)
    {
        var quote = source[_pos];
        var triple = string.CompareOrdinal(source, _pos, new string(quote, 3), 0, 3) == 0;
        _pos += triple ? 3 : 1;
        var buffer = new List<byte>();
        var text = new StringBuilder();
        while (true)
        {
            if (_pos >= source.Length) throw CelSyntaxException.At(source, start, "Syntax error: unterminated string literal");
            var c = source[_pos];
            if (triple ? string.CompareOrdinal(source, _pos, new string(quote, 3), 0, 3) == 0 : c == quote)
            {
                _pos += triple ? 3 : 1;
                break;
            }
            if (!triple && c is '\n' or '\r') throw CelSyntaxException.At(source, start, "Syntax error: unterminated string literal");
            if (c == '\\' && !raw)
            {
                Escape(bytes, text, buffer);
                continue;
            }
            var rune = Rune.GetRuneAt(source, _pos);
            _pos += rune.Utf16SequenceLength;
            Append(rune, bytes, text, buffer);
        }
        var kind = bytes ? CelTokenKind.Bytes : CelTokenKind.String;
        object value = bytes ? buffer.ToArray() : text.ToString();
        return new CelToken(kind, source[start.._pos], start, value);
    }

    private static void Append(Rune rune, bool bytes, StringBuilder text, List<byte> buffer)
    {
        if (!bytes)
        {
            text.Append(rune.ToString());
            return;
        }
        Span<byte> utf8 = stackalloc byte[4];
        var n = rune.EncodeToUtf8(utf8);
        for (var i = 0; i < n; i++) buffer.Add(utf8[i]);
    }

    private void Escape(bool bytes, StringBuilder text, List<byte> buffer)
    {
        var start = _pos;
        _pos++;
        if (_pos >= source.Length) throw CelSyntaxException.At(source, start, "Syntax error: unterminated escape sequence");
        var c = source[_pos++];
        char? simple = c switch
        {
            'a' => '\a', 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', 'v' => '\v',
            '\\' => '\\', '\'' => '\'', '"' => '"', '`' => '`', '?' => '?',
            _ => null,
        };
        if (simple is { } s)
        {
            Append(new Rune(s), bytes, text, buffer);
            return;
        }
        int digits, radix;
        switch (c)
        {
            case 'x' or 'X': digits = 2; radix = 16; break;
            case 'u': digits = 4; radix = 16; break;
            case 'U': digits = 8; radix = 16; break;
            case >= '0' and <= '3': _pos--; digits = 3; radix = 8; break;
            default: throw CelSyntaxException.At(source, start, $"Syntax error: invalid escape sequence '\\{c}'");
        }
        if (_pos + digits > source.Length) throw CelSyntaxException.At(source, start, "Syntax error: short escape sequence");
        var code = 0;
        for (var i = 0; i < digits; i++)
        {
            var d = radix == 16 ? HexValue(source[_pos + i]) : source[_pos + i] is >= '0' and <= '7' ? source[_pos + i] - '0' : -1;
            if (d < 0) throw CelSyntaxException.At(source, start, "Syntax error: invalid escape sequence");
            code = code * radix + d;
        }
        _pos += digits;
        // In bytes, \x and octal escapes are single bytes; in strings they are code points.
        if (bytes && (radix == 8 || digits == 2))
        {
            buffer.Add((byte)code);
            return;
        }
        if (!Rune.IsValid(code)) throw CelSyntaxException.At(source, start, "Syntax error: invalid unicode code point");
        Append(new Rune(code), bytes, text, buffer);
    }

    private static int HexValue(char c) => char.IsAsciiHexDigit(c) ? Convert.ToInt32(c.ToString(), 16) : -1;
}
