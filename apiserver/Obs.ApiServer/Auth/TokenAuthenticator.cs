using Obs.ApiServer.ServiceAccounts;

namespace Obs.ApiServer.Auth;

/// <summary>
/// Bearer tokens from a static token file in Kubernetes' format: one <c>token,user,uid,"group1,group2"</c>
/// line per user, checked in constant time per candidate, so response times do not leak tokens;
/// then service account tokens (JWTs), when the apiserver issues them.
/// </summary>
public sealed class TokenAuthenticator
{
    private readonly List<(byte[] Token, UserInfo User)> _tokens = [];
    private readonly ServiceAccountTokenAuthenticator? _serviceAccounts;

    public TokenAuthenticator(IEnumerable<string> lines, ServiceAccountTokenAuthenticator? serviceAccounts = null)
    {
        _serviceAccounts = serviceAccounts;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = SplitCsv(line);
            if (fields.Count < 3 || fields[0].Length == 0) throw new FormatException($"token file line must be token,user,uid[,\"groups\"]: {line}");
            var groups = fields.Count > 3 ? fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            _tokens.Add((System.Text.Encoding.UTF8.GetBytes(fields[0]), new UserInfo(fields[1], fields[2], groups)));
        }
    }

    public static TokenAuthenticator FromFile(string path) => new(File.ReadAllLines(path));

    /// <summary>The user an <c>Authorization</c> header names, or null when it names none.</summary>
    public UserInfo? Authenticate(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var bearer = authorization[7..].Trim();
        var found = Static(bearer);
        if (found is not null || _serviceAccounts is null) return found;
        return IsJwt(bearer) ? _serviceAccounts.Authenticate(bearer) : null;
    }

    /// <summary>The audiences the apiserver itself accepts tokens for.</summary>
    public IReadOnlyList<string> ApiAudiences => _serviceAccounts?.ApiAudiences ?? [];

    /// <summary>
    /// What a TokenReview answers: the token's user and the asked audiences it is good for (none asked: the apiserver's).
    /// A static token names no audience, so it is good for the apiserver's only; a service account token for those it names.
    /// </summary>
    public (UserInfo User, string[] Audiences)? Review(string token, IReadOnlyList<string> audiences)
    {
        var asked = audiences.Count > 0 ? audiences : ApiAudiences;
        if (Static(token) is { } user)
        {
            var meant = audiences.Count == 0 ? [.. ApiAudiences] : audiences.Where(ApiAudiences.Contains).ToArray();
            return audiences.Count == 0 || meant.Length > 0 ? (user, meant) : null;
        }
        return _serviceAccounts is not null && IsJwt(token) ? _serviceAccounts.Authenticate(token, asked) : null;
    }

    /// <summary>Only a JWT (three dot-separated parts) can be a service account token; static tokens have no dots.</summary>
    private static bool IsJwt(string token) => token.Count(c => c == '.') == 2;

    /// <summary>The static token's user, compared in constant time against every line.</summary>
    private UserInfo? Static(string bearer)
    {
        var presented = System.Text.Encoding.UTF8.GetBytes(bearer);
        UserInfo? found = null;
        foreach (var (token, user) in _tokens)
        {
            if (System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(token, presented)) found = user;
        }
        return found;
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
