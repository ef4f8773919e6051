namespace Obs.Api.Schema.Descriptions;

/// <summary>Reads one description text (the language is on <see cref="SchemaDescriptions"/>), checking each key against the schema.</summary>
internal sealed class SchemaDescriptionsReader(ApiSchema schema, SchemaDescriptions into)
{
    private const string EveryKind = "every kind";

    private string? _package;
    private SchemaType? _type;
    private bool _everyKind;
    // The entry being read, written out when the next one starts, so continuation lines can join it.
    private Action<string>? _pending;
    private string _text = "";

    public void Read(string text)
    {
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var where = $"descriptions of {_package ?? "?"}, line {lineNumber}";
            var indent = raw.Length - raw.TrimStart().Length;
            if (indent >= 4 && _pending is not null)
            {
                _text += " " + line;
                continue;
            }
            Flush();
            if (indent == 0) ReadDeclaration(line, where);
            else ReadField(line, where);
        }
        Flush();
    }

    private void ReadDeclaration(string line, string where)
    {
        _type = null;
        _everyKind = false;
        if (line.StartsWith("package ", StringComparison.Ordinal))
        {
            _package = line["package ".Length..].Trim();
            if (!schema.Types.Any(t => t.Package.Alias == _package)) into.Problem($"{where}: no package {_package}");
            return;
        }
        if (line == EveryKind)
        {
            _everyKind = true;
            return;
        }
        var (name, text) = Split(line);
        _type = schema.Find($"{_package}.{name}");
        if (_type is null)
        {
            into.Problem($"{where}: no type {_package}.{name}");
            return;
        }
        var type = _type;
        if (text.Length > 0) Start(t => into.AddType(type, t, where), text);
    }

    private void ReadField(string line, string where)
    {
        var (field, text) = Split(line);
        if (_everyKind)
        {
            if (!schema.Types.Any(t => t.IsKind && t.Fields.ContainsKey(field))) into.Problem($"{where}: no kind has a field {field}");
            else Start(t => into.AddKindField(field, t, where), text);
            return;
        }
        // A field under a type that was not found is reported with its type; one problem is enough.
        if (_type is null) return;
        var type = _type;
        if (!type.Fields.ContainsKey(field)) into.Problem($"{where}: {type.Package.Alias}.{type.Name} has no field {field}");
        else Start(t => into.AddField(type, field, t, where), text);
    }

    private void Start(Action<string> write, string text)
    {
        _pending = write;
        _text = text;
    }

    private void Flush()
    {
        _pending?.Invoke(_text);
        _pending = null;
        _text = "";
    }

    private static (string Key, string Text) Split(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (line, "") : (line[..colon].Trim(), line[(colon + 1)..].Trim());
    }
}
