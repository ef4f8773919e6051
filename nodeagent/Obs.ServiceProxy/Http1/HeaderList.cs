namespace Obs.ServiceProxy.Http1;

/// <summary>The fields of the head parsed last; each direction of a connection keeps one and reuses it for every message.</summary>
internal sealed class HeaderList
{
    private HeaderField[] _fields = new HeaderField[16];

    public int Count { get; private set; }

    public ref readonly HeaderField this[int index] => ref _fields[index];

    public void Clear() => Count = 0;

    public void Add(in HeaderField field)
    {
        if (Count == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
        _fields[Count++] = field;
    }

    /// <summary>True when a <c>Connection</c> field lists <paramref name="token"/> (an option such as <c>close</c>, or a field name).</summary>
    public bool ConnectionLists(ReadOnlySpan<byte> head, ReadOnlySpan<byte> token)
    {
        for (var i = 0; i < Count; i++)
        {
            if (_fields[i].Kind == HeaderKind.Connection && Tokens.Contains(_fields[i].Value(head), token)) return true;
        }
        return false;
    }

    /// <summary>True when any field of this kind has <paramref name="token"/> among its comma-separated values.</summary>
    public bool Lists(ReadOnlySpan<byte> head, HeaderKind kind, ReadOnlySpan<byte> token)
    {
        for (var i = 0; i < Count; i++)
        {
            if (_fields[i].Kind == kind && Tokens.Contains(_fields[i].Value(head), token)) return true;
        }
        return false;
    }

    /// <summary>The index of the first field of this kind, or -1.</summary>
    public int IndexOf(HeaderKind kind)
    {
        for (var i = 0; i < Count; i++)
        {
            if (_fields[i].Kind == kind) return i;
        }
        return -1;
    }
}
