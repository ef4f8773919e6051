using System.Globalization;

namespace Obs.Api.Cel;

/// <summary>
/// A semantic version of Kubernetes' semver library (<c>kubernetes.Semver</c>), read strictly by the
/// semver 2.0.0 rules as blang/semver does (<c>major.minor.patch</c>, optional <c>-prerelease</c> and
/// <c>+build</c>, no leading zeros), or with normalization (a leading <c>v</c>, missing minor or patch,
/// and leading zeros allowed). Build metadata is kept but, as semver says, ignored in comparisons.
/// </summary>
public sealed class CelSemver(ulong major, ulong minor, ulong patch, IReadOnlyList<string> preRelease, IReadOnlyList<string> build)
    : IEquatable<CelSemver>
{
    public ulong Major { get; } = major;

    public ulong Minor { get; } = minor;

    public ulong Patch { get; } = patch;

    public IReadOnlyList<string> PreRelease { get; } = preRelease;

    public IReadOnlyList<string> Build { get; } = build;

    public static CelSemver? TryParse(string s, bool normalize, out string? error)
    {
        error = null;
        var text = normalize ? Normalize(s, out error) : s;
        return text is null ? null : Strict(text, out error);
    }

    /// <summary>Kubernetes' normalization: drop one leading 'v', strip leading zeros of each part, fill a missing minor or patch with 0.</summary>
    private static string? Normalize(string s, out string? error)
    {
        error = null;
        if (s.StartsWith('v')) s = s[1..];
        var parts = s.Split('.', 3);
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length <= 1) continue;
            var trimmed = parts[i].TrimStart('0');
            parts[i] = trimmed.Length == 0 || !char.IsAsciiDigit(trimmed[0]) ? "0" + trimmed : trimmed;
        }
        if (parts.Length < 3)
        {
            if (parts[^1].IndexOfAny(['+', '-']) >= 0)
            {
                error = "short version cannot contain PreRelease/Build meta data";
                return null;
            }
            parts = [.. parts, .. Enumerable.Repeat("0", 3 - parts.Length)];
        }
        return string.Join('.', parts);
    }

    private static CelSemver? Strict(string s, out string? error)
    {
        error = null;
        if (s.Length == 0) return Fail("Version string empty", out error);
        var parts = s.Split('.', 3);
        if (parts.Length != 3) return Fail("No Major.Minor.Patch elements found", out error);
        var patchText = parts[2];
        string[] build = [], preRelease = [];
        if (patchText.IndexOf('+') is var plus && plus >= 0)
        {
            build = patchText[(plus + 1)..].Split('.');
            patchText = patchText[..plus];
        }
        if (patchText.IndexOf('-') is var dash && dash >= 0)
        {
            preRelease = patchText[(dash + 1)..].Split('.');
            patchText = patchText[..dash];
        }
        if (Number(parts[0], "major", out var major) is { } e1) return Fail(e1, out error);
        if (Number(parts[1], "minor", out var minor) is { } e2) return Fail(e2, out error);
        if (Number(patchText, "patch", out var patch) is { } e3) return Fail(e3, out error);
        foreach (var p in preRelease)
        {
            if (p.Length == 0) return Fail("Prerelease is empty", out error);
            if (p.All(char.IsAsciiDigit))
            {
                if (p.Length > 1 && p[0] == '0') return Fail($"Numeric PreRelease version must not contain leading zeroes \"{p}\"", out error);
            }
            else if (!p.All(IsAlphanumeric)) return Fail($"Invalid character(s) found in prerelease \"{p}\"", out error);
        }
        foreach (var b in build)
        {
            if (b.Length == 0) return Fail("Build meta data is empty", out error);
            if (!b.All(IsAlphanumeric)) return Fail($"Invalid character(s) found in build meta data \"{b}\"", out error);
        }
        return new CelSemver(major, minor, patch, preRelease, build);
    }

    private static bool IsAlphanumeric(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    private static string? Number(string text, string part, out ulong value)
    {
        value = 0;
        if (!text.All(char.IsAsciiDigit)) return $"Invalid character(s) found in {part} number \"{text}\"";
        if (text.Length > 1 && text[0] == '0') return $"{char.ToUpperInvariant(part[0])}{part[1..]} number must not contain leading zeroes \"{text}\"";
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) ? null : $"strconv.ParseUint: parsing \"{text}\": invalid syntax";
    }

    private static CelSemver? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }

    /// <summary>-1, 0 or 1 by semver precedence: numbers, then a release above its prereleases, then prerelease identifiers in turn.</summary>
    public int CompareTo(CelSemver other)
    {
        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        if (c != 0) return Math.Sign(c);
        if (PreRelease.Count == 0 || other.PreRelease.Count == 0) return other.PreRelease.Count.CompareTo(PreRelease.Count) switch { > 0 => 1, < 0 => -1, _ => 0 };
        for (var i = 0; i < PreRelease.Count && i < other.PreRelease.Count; i++)
        {
            if (ComparePart(PreRelease[i], other.PreRelease[i]) is var part && part != 0) return part;
        }
        return PreRelease.Count.CompareTo(other.PreRelease.Count) switch { > 0 => 1, < 0 => -1, _ => 0 };
    }

    /// <summary>Numeric identifiers by value and below alphanumeric ones, which compare as text.</summary>
    private static int ComparePart(string a, string b)
    {
        var (aNumber, bNumber) = (a.All(char.IsAsciiDigit), b.All(char.IsAsciiDigit));
        if (aNumber && bNumber) return ulong.Parse(a, CultureInfo.InvariantCulture).CompareTo(ulong.Parse(b, CultureInfo.InvariantCulture)) switch { > 0 => 1, < 0 => -1, _ => 0 };
        if (aNumber != bNumber) return aNumber ? -1 : 1;
        return Math.Sign(string.CompareOrdinal(a, b));
    }

    public bool Equals(CelSemver? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => Equals(obj as CelSemver);

    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, string.Join('.', PreRelease));

    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}" + (PreRelease.Count > 0 ? "-" + string.Join('.', PreRelease) : "") + (Build.Count > 0 ? "+" + string.Join('.', Build) : "");
}
