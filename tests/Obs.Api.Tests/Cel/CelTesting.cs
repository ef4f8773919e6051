using System.Text.Json.Nodes;
using Obs.Api.Cel;

namespace Obs.Api.Tests.Cel;

/// <summary>Evaluates an expression over <c>self</c> (JSON, optional) and shows the result as CEL's string() would, quoting strings.</summary>
internal static class CelTesting
{
    public static object? Eval(string expr, string? self = null)
    {
        var program = CelProgram.Compile(expr, CelProgram.Untyped("self"), mustBeBool: false);
        return program.Evaluate(new Dictionary<string, JsonNode?> { ["self"] = self is null ? null : JsonNode.Parse(self) });
    }

    public static string Show(string expr, string? self = null) => Shown(Eval(expr, self));

    public static string Shown(object? value) => value switch
    {
        string s => $"\"{s}\"",
        ulong u => $"{u}u",
        double d => Double(d),
        CelList list => "[" + string.Join(", ", list.Select(Shown)) + "]",
        _ => CelValues.ToJson(value)?.ToJsonString() ?? "null",
    };

    private static string Double(double d)
    {
        if (double.IsPositiveInfinity(d)) return "Infinity";
        if (double.IsNegativeInfinity(d)) return "-Infinity";
        var text = d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') || text == "NaN" ? text : text + ".0";
    }

    public static string Error(string expr, string? self = null) =>
        Assert.Throws<CelEvaluationException>(() => Eval(expr, self)).Message;

    public static string CompileError(string expr) =>
        Assert.Throws<CelSyntaxException>(() => CelProgram.Compile(expr, CelProgram.Untyped("self"), mustBeBool: false)).Message;
}
