namespace Obs.ServiceProxy.Http1;

/// <summary>One header line of a parsed head, as offsets into the head's bytes (no strings: parsing allocates nothing).</summary>
internal readonly record struct HeaderField(HeaderKind Kind, int LineStart, int LineEnd, int NameLength, int ValueStart, int ValueLength)
{
    public ReadOnlySpan<byte> Name(ReadOnlySpan<byte> head) => head.Slice(LineStart, NameLength);

    public ReadOnlySpan<byte> Value(ReadOnlySpan<byte> head) => head.Slice(ValueStart, ValueLength);

    /// <summary>The whole line with its CRLF, to copy as it came.</summary>
    public ReadOnlySpan<byte> Line(ReadOnlySpan<byte> head) => head[LineStart..LineEnd];
}
