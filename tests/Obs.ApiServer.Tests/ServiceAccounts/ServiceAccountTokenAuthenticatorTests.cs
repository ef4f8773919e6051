using System.Text;
using Obs.ApiServer.Cache;
using Obs.ApiServer.ServiceAccounts;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Tests.ServiceAccounts;

/// <summary>The checks a service account token passes before it is a user: signature, issuer, audience, time, and its account.</summary>
public sealed class ServiceAccountTokenAuthenticatorTests : IDisposable
{
    private static readonly DateTimeOffset Issued = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ServiceAccountSigningKey _key = ServiceAccountSigningKey.LoadOrCreate(null);
    private readonly ServiceAccountOptions _options = new();
    private readonly WatchCache _cache = new();

    public ServiceAccountTokenAuthenticatorTests()
    {
        var sa = """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot","namespace":"team","uid":"sa-uid","resourceVersion":"1"}}""";
        _cache.Load([new CachedObject(new ObjectKey("serviceaccounts", "team", "robot"), 1, Encoding.UTF8.GetBytes(sa))], 1);
        _cache.MarkReady();
    }

    private string Token(string audience = "https://kubernetes.default.svc.cluster.local", string uid = "sa-uid") =>
        new ServiceAccountJwt(_key).Encode(new ServiceAccountClaims(_options.Issuer, [audience], "team", "robot", uid, Issued, Issued.AddHours(1), null));

    private ServiceAccountTokenAuthenticator At(DateTimeOffset now) => new(new ServiceAccountJwt(_key), _cache, _options, new FixedClock(now));

    [Fact]
    public void ACurrentTokenIsTheServiceAccountWithItsGroups()
    {
        var user = At(Issued.AddMinutes(30)).Authenticate(Token());

        Assert.NotNull(user);
        Assert.Equal("system:serviceaccount:team:robot", user.Name);
        Assert.Equal("sa-uid", user.Uid);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:team", "system:authenticated"], user.Groups);
    }

    [Fact]
    public void AnExpiredTokenIsNoUser() => Assert.Null(At(Issued.AddHours(2)).Authenticate(Token()));

    [Fact]
    public void ATokenForAnotherAudienceIsNoUser() => Assert.Null(At(Issued.AddMinutes(1)).Authenticate(Token(audience: "vault")));

    [Fact]
    public void ATokenForAnEarlierAccountOfTheSameNameIsNoUser() => Assert.Null(At(Issued.AddMinutes(1)).Authenticate(Token(uid: "old-uid")));

    [Fact]
    public void ATokenSignedByAnotherKeyIsNoUser()
    {
        using var other = ServiceAccountSigningKey.LoadOrCreate(null);
        var foreign = new ServiceAccountJwt(other).Encode(new ServiceAccountClaims(_options.Issuer, [_options.Issuer], "team", "robot", "sa-uid", Issued, Issued.AddHours(1), null));

        Assert.Null(At(Issued.AddMinutes(1)).Authenticate(foreign));
    }

    [Fact]
    public void GarbageIsNoUser() => Assert.Null(At(Issued).Authenticate("a.b.c"));

    [Fact]
    public void TheKeyWrittenAtFirstStartIsTheOneReadLater()
    {
        var path = Path.Combine(Path.GetTempPath(), $"obs-sa-key-{Guid.NewGuid():N}", "sa.key");
        try
        {
            using var first = ServiceAccountSigningKey.LoadOrCreate(path);
            using var again = ServiceAccountSigningKey.LoadOrCreate(path);
            var token = new ServiceAccountJwt(first).Encode(new ServiceAccountClaims(_options.Issuer, [_options.Issuer], "team", "robot", "sa-uid", Issued, Issued.AddHours(1), null));

            Assert.Equal(first.KeyId, again.KeyId);
            Assert.NotNull(new ServiceAccountJwt(again).Decode(token));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void TheKeyLivesBesideTheServingKeyUnlessAFileIsNamed()
    {
        var pki = Path.Combine(Path.GetTempPath(), "pki");

        Assert.Equal(Path.Combine(pki, "sa.key"), new ServiceAccountOptions().ResolveKeyFile(Path.Combine(pki, "apiserver.key")));
        Assert.Equal("/keys/sa.pem", new ServiceAccountOptions { KeyFile = "/keys/sa.pem" }.ResolveKeyFile(Path.Combine(pki, "apiserver.key")));
        Assert.Null(new ServiceAccountOptions().ResolveKeyFile(null));
    }

    public void Dispose() => _key.Dispose();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
