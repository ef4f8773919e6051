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
}

/// <summary>
/// A comprehension macro over a list's elements or a map's keys: <c>range.all(x, body)</c>, ...,
/// <c>range.map(x, filter, body)</c> (then <see cref="Filter"/> is set).
/// </summary>
public sealed record CelMacro(CelMacroKind Kind, CelExpr Range, string Variable, CelExpr Body, CelExpr? Filter, int Position) : CelExpr(Position);
