using Obs.Api.Objects;

namespace Obs.Api.Schema;

/// <summary>Reads the schema text (the language is described on <see cref="MetaSchemaText"/>) into linked types.</summary>
internal static class SchemaParser
{
    public static List<SchemaType> Parse(params string[] texts)
    {
        var types = new List<SchemaType>();
        var packages = new Dictionary<string, SchemaPackage>(StringComparer.Ordinal);
        foreach (var text in texts) ParseText(text, types, packages);
        Link(types);
        return types;
    }

    private static void ParseText(string text, List<SchemaType> types, Dictionary<string, SchemaPackage> packages)
    {
        SchemaPackage? package = null;
        SchemaType? current = null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string Where() => $"schema line {lineNumber}: '{line}'";
            // Fields are indented; declarations start the line (fields may be called kind or type).
            var keyword = char.IsWhiteSpace(raw[0]) ? "" : tokens[0];
            switch (keyword)
            {
                case "package":
                    if (tokens.Length != 4) throw new FormatException($"{Where()}: package needs alias, OpenAPI prefix, apiVersion");
                    package = new SchemaPackage(tokens[1], tokens[2], tokens[3]);
                    packages.Add(package.Alias, package);
                    current = null;
                    break;
                case "kind":
                case "type":
                    if (package is null) throw new FormatException($"{Where()}: no package declared");
                    var atomic = tokens.Contains("atomic");
                    var likeAt = Array.IndexOf(tokens, "like");
                    current = new SchemaType(package, tokens[1], tokens[0] == "kind", atomic, likeAt > 0 ? tokens[likeAt + 1] : null);
                    if (current.IsKind)
                    {
                        current.Declared.Add(new SchemaField("apiVersion", new SchemaTypeRef(SchemaTypeKind.String), 0));
                        current.Declared.Add(new SchemaField("kind", new SchemaTypeRef(SchemaTypeKind.String), 0));
                    }
                    types.Add(current);
                    break;
                default:
                    if (current is null) throw new FormatException($"{Where()}: field outside a type");
                    if (tokens.Length < 3 || !int.TryParse(tokens[2], out var number)) throw new FormatException($"{Where()}: expected 'name type number [attributes]'");
                    var field = new SchemaField(tokens[0], ParseType(tokens[1], package!), number);
                    foreach (var attribute in tokens.Skip(3)) ApplyAttribute(field, attribute, Where);
                    current.Declared.Add(field);
                    break;
            }
        }
    }

    private static SchemaTypeRef ParseType(string text, SchemaPackage package)
    {
        if (text.StartsWith("[]", StringComparison.Ordinal)) return new SchemaTypeRef(SchemaTypeKind.Array, ParseType(text[2..], package));
        if (text.StartsWith("map[", StringComparison.Ordinal) && text.EndsWith(']'))
            return new SchemaTypeRef(SchemaTypeKind.Map, ParseType(text[4..^1], package));
        return text switch
        {
            "string" => new(SchemaTypeKind.String),
            "int32" => new(SchemaTypeKind.Int32),
            "int64" => new(SchemaTypeKind.Int64),
            "bool" => new(SchemaTypeKind.Bool),
            "double" => new(SchemaTypeKind.Double),
            "quantity" => new(SchemaTypeKind.Quantity),
            "intstr" => new(SchemaTypeKind.IntOrString),
            "time" => new(SchemaTypeKind.Time),
            "microtime" => new(SchemaTypeKind.MicroTime),
            "bytes" => new(SchemaTypeKind.Bytes),
            "rawjson" => new(SchemaTypeKind.RawJson),
            "object" => new(SchemaTypeKind.FreeForm),
            _ => new(SchemaTypeKind.Object, objectName: text.Contains('.') ? text : $"{package.Alias}.{text}"),
        };
    }

    private static void ApplyAttribute(SchemaField field, string attribute, Func<string> where)
    {
        if (attribute == "ptr")
        {
            field.IsPointer = true;
            return;
        }
        var eq = attribute.IndexOf('=');
        if (eq < 0) throw new FormatException($"{where()}: attribute '{attribute}' needs a value");
        var (name, value) = (attribute[..eq], attribute[(eq + 1)..]);
        switch (name)
        {
            case "patch":
                foreach (var part in value.Split(','))
                {
                    field.PatchStrategy |= part switch
                    {
                        "merge" => PatchStrategy.Merge,
                        "retainKeys" => PatchStrategy.RetainKeys,
                        "replace" => PatchStrategy.Replace,
                        _ => throw new FormatException($"{where()}: unknown patch strategy '{part}'"),
                    };
                }
                break;
            case "key":
                field.PatchMergeKey = value;
                break;
            case "list":
                field.DeclaredListType = value switch
                {
                    "atomic" => ListType.Atomic,
                    "set" => ListType.Set,
                    "map" => ListType.Map,
                    _ => throw new FormatException($"{where()}: unknown list type '{value}'"),
                };
                break;
            case "keys":
                field.ListMapKeys = value.Split(',');
                break;
            case "map":
                // granular undoes a +structType=atomic of the field's type, for this field only.
                if (value == "atomic") field.IsAtomicMap = true;
                else if (value == "granular") field.IsGranular = true;
                else throw new FormatException($"{where()}: map type '{value}'");
                break;
            default:
                throw new FormatException($"{where()}: unknown attribute '{name}'");
        }
    }

    private static void Link(List<SchemaType> types)
    {
        var byName = new Dictionary<string, SchemaType>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (!byName.TryAdd($"{type.Package.Alias}.{type.Name}", type))
                throw new FormatException($"type {type.Package.Alias}.{type.Name} declared twice");
        }
        foreach (var type in types.Where(t => t.Like is not null))
        {
            var model = byName.GetValueOrDefault($"{type.Package.Alias}.{type.Like}")
                ?? throw new FormatException($"{type.Name}: 'like {type.Like}' names no type");
            type.Declared.InsertRange(0, model.Declared);
        }
        foreach (var type in types)
        {
            foreach (var field in type.Declared) Resolve(field.Type, byName, type);
        }
        foreach (var type in types) type.Index();
    }

    private static void Resolve(SchemaTypeRef reference, Dictionary<string, SchemaType> byName, SchemaType owner)
    {
        if (reference.Element is { } element) Resolve(element, byName, owner);
        if (reference.Kind == SchemaTypeKind.Object && reference.Object is null)
        {
            reference.Object = byName.GetValueOrDefault(reference.ObjectName!)
                ?? throw new FormatException($"{owner.Name}: unknown type '{reference.ObjectName}'");
        }
    }
}
