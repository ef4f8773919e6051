namespace Obs.Api.Cel;

/// <summary>A node of a parsed CEL expression; <see cref="Position"/> is its offset in the source, for messages.</summary>
public abstract record CelExpr(int Position);

/// <summary>null, a bool, long (int), ulong (uint), double, string or byte[] (bytes).</summary>
public sealed record CelLiteral(object? Value, int Position) : CelExpr(Position);

public sealed record CelIdent(string Name, int Position) : CelExpr(Position);

/// <summary><c>operand.field</c>; inside <c>has()</c> <see cref="TestOnly"/> asks only whether the field is set.</summary>
public sealed record CelSelect(CelExpr Operand, string Field, bool TestOnly, int Position) : CelExpr(Position);

public sealed record CelIndex(CelExpr Operand, CelExpr Key, int Position) : CelExpr(Position);

/// <summary>A function or method call (<see cref="Target"/> set), or an operator such as <c>_+_</c>, <c>!_</c>, <c>@in</c>.</summary>
public sealed record CelCall(CelExpr? Target, string Function, IReadOnlyList<CelExpr> Args, int Position) : CelExpr(Position);

public sealed record CelConditional(CelExpr Condition, CelExpr Then, CelExpr Else, int Position) : CelExpr(Position);

public sealed record CelAnd(CelExpr Left, CelExpr Right, int Position) : CelExpr(Position);

public sealed record CelOr(CelExpr Left, CelExpr Right, int Position) : CelExpr(Position);

public sealed record CelListLiteral(IReadOnlyList<CelExpr> Elements, int Position) : CelExpr(Position);

public sealed record CelMapLiteral(IReadOnlyList<(CelExpr Key, CelExpr Value)> Entries, int Position) : CelExpr(Position);

public enum CelMacroKind
{
    All,
    Exists,
    ExistsOne,
    Map,
    Filter,

    /// <summary><c>opt.optMap(x, body)</c>: the body over the optional's value, itself optional.</summary>
    OptMap,

    /// <summary><c>opt.optFlatMap(x, body)</c>: like <see cref="OptMap"/>, but the body yields the optional.</summary>
    OptFlatMap,
}

/// <summary>
/// A comprehension macro over a list's elements or a map's keys: <c>range.all(x, body)</c>, ...,
/// <c>range.map(x, filter, body)</c> (then <see cref="Filter"/> is set).
/// </summary>
public sealed record CelMacro(CelMacroKind Kind, CelExpr Range, string Variable, CelExpr Body, CelExpr? Filter, int Position) : CelExpr(Position);

/// <summary><c>operand.?field</c>: the field as an optional, none where it is absent.</summary>
public sealed record CelOptionalSelect(CelExpr Operand, string Field, int Position) : CelExpr(Position);

/// <summary><c>operand[?key]</c>: the element or entry as an optional, none where it is absent.</summary>
public sealed record CelOptionalIndex(CelExpr Operand, CelExpr Key, int Position) : CelExpr(Position);

/// <summary>
/// <c>?value</c> in a list literal (<c>[?a, b]</c>: the element only where the optional has a value) or
/// <c>?key</c> in a map literal (<c>{?k: v}</c>: the entry only where the optional value <c>v</c> has one).
/// </summary>
public sealed record CelOptionalElement(CelExpr Value, int Position) : CelExpr(Position);

public enum CelTwoVariableMacroKind
{
    All,
    Exists,
    ExistsOne,
    TransformList,
    TransformMap,
    TransformMapEntry,
}

/// <summary>
/// A two-variable comprehension over a list's indexes and elements or a map's keys and values:
/// <c>range.all(k, v, body)</c>, ..., <c>range.transformMap(k, v, filter, body)</c> (then <see cref="Filter"/> is set).
/// </summary>
public sealed record CelTwoVariableMacro(CelTwoVariableMacroKind Kind, CelExpr Range, string Key, string Value, CelExpr Body, CelExpr? Filter, int Position)
    : CelExpr(Position);
