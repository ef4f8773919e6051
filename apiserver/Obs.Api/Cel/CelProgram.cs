using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Obs.Api.CustomResources;

namespace Obs.Api.Cel;

/// <summary>
/// A compiled CEL expression over named variables: the entry point for CRD validation rules (<c>self</c>,
/// <c>oldSelf</c>) and for anything else that evaluates CEL (webhook <c>matchConditions</c> over
/// <c>object</c>, <c>oldObject</c>, <c>request</c>).
/// <code>
/// var program = CelProgram.Compile("object.metadata.name.startsWith('a')", CelProgram.Untyped("object", "oldObject", "request"));
/// var matches = program.EvaluateBool(new Dictionary&lt;string, JsonNode?&gt; { ["object"] = obj, ... });
/// </code>
/// </summary>
public sealed class CelProgram
{
    private readonly CelExpr _expr;
    private readonly HashSet<string> _referenced;

    private CelProgram(string source, CelExpr expr, HashSet<string> referenced)
    {
        Source = source;
        _expr = expr;
        _referenced = referenced;
    }

    public string Source { get; }

    /// <summary>The most steps (evaluated nodes) one evaluation may take; Kubernetes' per-call cost limit is of this order.</summary>
    public const long DefaultStepLimit = 1_000_000;

    /// <summary>
    /// Parses and checks <paramref name="source"/> against the declared variables (each with the schema of
    /// its value, or null when it is free-form); throws <see cref="CelSyntaxException"/> saying what and where,
    /// or <see cref="CelUnsupportedException"/> for valid Kubernetes CEL this evaluator lacks (decide then
    /// whether to skip the expression or refuse it).
    /// </summary>
    public static CelProgram Compile(string source, IReadOnlyDictionary<string, StructuralSchema?> variables, bool mustBeBool = true)
    {
        var expr = CelParser.Parse(source);
        CelChecker.Check(source, expr, variables, mustBeBool);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        CollectIdentifiers(expr, referenced);
        referenced.IntersectWith(variables.Keys);
        return new CelProgram(source, expr, referenced);
    }

    /// <summary>
    /// Whether <paramref name="source"/> names <paramref name="identifier"/>, such as Kubernetes' <c>authorizer</c>, whose
    /// library this evaluator lacks (the caller then accepts the expression unchecked); throws
    /// <see cref="CelSyntaxException"/> when it does not parse.
    /// </summary>
    public static bool Uses(string source, string identifier)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        CollectIdentifiers(CelParser.Parse(source), names);
        return names.Contains(identifier);
    }

    /// <summary>Variables with no schema: any JSON is accepted for them.</summary>
    public static IReadOnlyDictionary<string, StructuralSchema?> Untyped(params string[] names) =>
        names.ToDictionary(n => n, _ => (StructuralSchema?)null, StringComparer.Ordinal);

    /// <summary>Whether the expression uses <paramref name="variable"/> (a CRD rule that reads <c>oldSelf</c> is a transition rule).</summary>
    public bool References(string variable) => _referenced.Contains(variable);

    /// <summary>The value of the expression (see <see cref="CelValues"/> for the types); errors are <see cref="CelEvaluationException"/>.</summary>
    public object? Evaluate(IReadOnlyDictionary<string, object?> variables, long stepLimit = DefaultStepLimit)
    {
        try
        {
            return CelInterpreter.Eval(_expr, CelBindings.Of(variables, stepLimit));
        }
        catch (RegexMatchTimeoutException)
        {
            throw new CelEvaluationException("regular expression match timed out");
        }
        catch (InsufficientExecutionStackException)
        {
            throw new CelEvaluationException("expression too deeply nested");
        }
    }

    /// <summary>The value over JSON variables read without schemas.</summary>
    public object? Evaluate(IReadOnlyDictionary<string, JsonNode?> variables) =>
        Evaluate(variables.ToDictionary(v => v.Key, v => CelValues.FromJson(v.Value), StringComparer.Ordinal));

    /// <summary>The expression's bool; any other result is an error.</summary>
    public bool EvaluateBool(IReadOnlyDictionary<string, JsonNode?> variables) => AsBool(Evaluate(variables));

    public bool EvaluateBool(IReadOnlyDictionary<string, object?> variables) => AsBool(Evaluate(variables));

    private static bool AsBool(object? value) =>
        value as bool? ?? throw new CelEvaluationException($"expected a bool, got {CelTypes.NameOf(value)}");

    private static void CollectIdentifiers(CelExpr expr, HashSet<string> names)
    {
        if (expr is CelIdent ident) names.Add(ident.Name);
        foreach (var child in CelTree.Children(expr)) CollectIdentifiers(child, names);
    }
}
