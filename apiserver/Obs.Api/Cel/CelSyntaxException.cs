namespace Obs.Api.Cel;

/// <summary>
/// An expression that does not parse or check, with where: the message reads as cel-go prints its
/// issues (<c>ERROR: &lt;input&gt;:1:6: ...</c>) followed by the line and a caret under the place.
/// </summary>
public sealed class CelSyntaxException(string message) : Exception(message)
{
    internal static CelSyntaxException At(string source, int position, string what)
    {
        var (line, column, lineText) = Locate(source, position);
        var caret = new string('.', Math.Max(0, column - 1)) + "^";
        return new CelSyntaxException($"ERROR: <input>:{line}:{column}: {what}\n | {lineText}\n | {caret}");
    }

    private static (int Line, int Column, string Text) Locate(string source, int position)
    {
        position = Math.Clamp(position, 0, source.Length);
        var lineStart = source.LastIndexOf('\n', Math.Max(0, position - 1)) + 1;
        if (position == 0) lineStart = 0;
        var lineEnd = source.IndexOf('\n', position);
        if (lineEnd < 0) lineEnd = source.Length;
        var line = source.AsSpan(0, lineStart).Count('\n') + 1;
        return (line, position - lineStart + 1, source[lineStart..lineEnd]);
    }
}
