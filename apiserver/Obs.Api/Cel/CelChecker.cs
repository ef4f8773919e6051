using Obs.Api.CustomResources;

namespace Obs.Api.Cel;

/// <summary>
/// What cel-go's checker would refuse before anything runs, as far as this evaluator can tell without
/// full static types: references to undeclared variables or functions, fields a schema does not
/// declare, selection into scalars, constant regular expressions that do not compile, and results that
/// are plainly not of the expected kind (a rule that yields a number, say).
/// </summary>
internal sealed class CelChecker
{
    private readonly string _source;
    private readonly IReadOnlyDictionary<string, StructuralSchema?> _variables;

    private CelChecker(string source, IReadOnlyDictionary<string, StructuralSchema?> variables)
    {
        _source = source;
        _variables = variables;
    }

    public static void Check(string source, CelExpr expr, IReadOnlyDictionary<string, StructuralSchema?> variables, bool mustBeBool)
    {
        var checker = new CelChecker(source, variables);
        checker.Visit(expr, Scope.Empty);
        if (mustBeBool && NotBool(expr)) throw CelSyntaxException.At(source, expr.Position, "expression must evaluate to a bool");
    }

    /// <summary>A macro's iteration variables, with the schema of what they range over where known.</summary>
    private sealed record Scope(string? Name, StructuralSchema? Schema, Scope? Parent)
    {
        public static readonly Scope Empty = new(null, null, null);

        public bool TryGet(string name, out StructuralSchema? schema)
        {
            for (var s = this; s is not null; s = s.Parent)
            {
                if (s.Name == name)
                {
                    schema = s.Schema;
                    return true;
                }
            }
            schema = null;
            return false;
        }
    }

    private void Visit(CelExpr expr, Scope scope)
    {
        switch (expr)
        {
            case CelIdent ident:
                if (!scope.TryGet(ident.Name, out _) && !_variables.ContainsKey(ident.Name) && CelFunctions.TypeNamed(ident.Name) is null)
                    throw Undeclared(ident.Name, ident.Position);
                return;
            case CelMacro macro:
                Visit(macro.Range, scope);
                var range = SchemaOf(macro.Range, scope);
                // Over a list the variable is an element; over a map or object, a key (a string).
                var inner = new Scope(macro.Variable, range?.Type == "array" ? range.Items : null, scope);
                if (macro.Filter is not null) Visit(macro.Filter, inner);
                Visit(macro.Body, inner);
                return;
            case CelTwoVariableMacro two:
                Visit(two.Range, scope);
                var over = SchemaOf(two.Range, scope);
                // Over a list: an index and an element; over a map: a key and a value.
                var values = new Scope(two.Key, null, new Scope(two.Value, over?.Type == "array" ? over.Items : over?.AdditionalProperties, scope));
                if (two.Filter is not null) Visit(two.Filter, values);
                Visit(two.Body, values);
                return;
        }
        // Checked before the arguments: the namespace of such a function (lists.range) would read as an undeclared variable.
        if (expr is CelCall unknown && !Known(unknown) && CelUnsupportedException.KnownElsewhere.Contains(unknown.Function))
            throw new CelUnsupportedException($"'{unknown.Function}' (with {unknown.Args.Count} arguments) is Kubernetes CEL that Obs does not evaluate yet");
        foreach (var child in CelTree.Children(expr)) Visit(child, scope);
        switch (expr)
        {
            case CelSelect select:
                CheckField(SchemaOf(select.Operand, scope), select.Field, select.Position);
                break;
            case CelOptionalSelect select:
                CheckField(SchemaOf(select.Operand, scope), select.Field, select.Position);
                break;
            case CelCall call:
                if (!Known(call)) throw Undeclared(call.Function, call.Position);
                CheckConstantRegex(call);
                break;
        }
    }

    private static bool Known(CelCall call) =>
        call.Target is null ? CelFunctions.GlobalNames.Contains(call.Function) || call.Function is "!_" or "-_" : CelFunctions.MemberNames.Contains(call.Function);

    private StructuralSchema? SchemaOf(CelExpr expr, Scope scope) => expr switch
    {
        CelIdent ident => scope.TryGet(ident.Name, out var s) ? s : _variables.GetValueOrDefault(ident.Name),
        CelSelect { TestOnly: false } select => SchemaOf(select.Operand, scope) is { } parent ? FieldSchema(parent, select.Field) : null,
        CelOptionalSelect select => SchemaOf(select.Operand, scope) is { } parent ? FieldSchema(parent, select.Field) : null,
        CelIndex index => SchemaOf(index.Operand, scope) switch
        {
            { Type: "array" } list => list.Items,
            { AdditionalProperties: { } values } => values,
            _ => null,
        },
        _ => null,
    };

    private static StructuralSchema? FieldSchema(StructuralSchema parent, string field) =>
        parent.Properties.TryGetValue(field, out var s) || parent.Properties.TryGetValue(CelFieldNames.Unescape(field), out s) ? s
        : parent.AdditionalProperties;

    private void CheckField(StructuralSchema? schema, string field, int position)
    {
        if (schema is null || schema.PreserveUnknownFields || schema.IntOrString || schema.Type is null) return;
        if (schema.Type != "object") throw CelSyntaxException.At(_source, position, $"type '{CelTypeOf(schema)}' does not support field selection");
        if (schema.AdditionalProperties is not null || schema.AnyAdditionalProperties || schema.Properties.Count == 0) return;
        // Every object carries apiVersion, kind and metadata at its root (and in embedded resources) without declaring them.
        if (field is "apiVersion" or "kind" or "metadata") return;
        if (!schema.Properties.ContainsKey(field) && !schema.Properties.ContainsKey(CelFieldNames.Unescape(field)))
            throw CelSyntaxException.At(_source, position, $"undefined field '{field}'");
    }

    private static string CelTypeOf(StructuralSchema schema) => schema.Type switch
    {
        "integer" => "int",
        "number" => "double",
        "boolean" => "bool",
        "array" => "list",
        var t => t ?? "dyn",
    };

    private void CheckConstantRegex(CelCall call)
    {
        if (call.Function is not ("matches" or "find" or "findAll")) return;
        var pattern = call.Target is null ? call.Args.ElementAtOrDefault(1) : call.Args.FirstOrDefault();
        if (pattern is CelLiteral { Value: string text } && CelRegex.Problem(text) is { } problem)
            throw CelSyntaxException.At(_source, pattern.Position, problem);
    }

    private CelSyntaxException Undeclared(string name, int position) =>
        CelSyntaxException.At(_source, position, $"undeclared reference to '{name}' (in container '')");

    /// <summary>Expressions whose kind is known without types and is not bool.</summary>
    private static bool NotBool(CelExpr expr) => expr switch
    {
        CelLiteral literal => literal.Value is not bool,
        CelListLiteral or CelMapLiteral => true,
        CelMacro { Kind: CelMacroKind.Map or CelMacroKind.Filter or CelMacroKind.OptMap or CelMacroKind.OptFlatMap } => true,
        CelTwoVariableMacro { Kind: CelTwoVariableMacroKind.TransformList or CelTwoVariableMacroKind.TransformMap or CelTwoVariableMacroKind.TransformMapEntry } => true,
        CelOptionalSelect or CelOptionalIndex => true,
        CelCall { Target: null, Function: "_+_" or "_-_" or "_*_" or "_/_" or "_%_" or "-_" or "size" or "int" or "uint" or "double" or "string" or "bytes" } => true,
        CelCall { Target: not null, Function: "size" or "charAt" or "indexOf" or "lastIndexOf" or "lowerAscii" or "upperAscii" or "replace" or "split" or "substring" or "trim" or "join" } => true,
        CelConditional c => NotBool(c.Then) && NotBool(c.Else),
        _ => false,
    };
}
