using System.Net.Security;
using System.Text.Json.Nodes;
using Obs.ServiceProxy.Balancing;
using Obs.ServiceProxy.Configuration;
using Obs.ServiceProxy.Ingress;

namespace Obs.ServiceProxy.Tests.Ingress;

/// <summary>Routing decisions of a table built from Ingresses, Services and EndpointSlices given by hand.</summary>
public sealed class IngressTableBuilderTests
{
    private static readonly Lazy<SslStreamCertificateContext> Fallback = new(FallbackCertificate.Create);

    private static JsonObject Ingress(string name, string spec, string created = "2026-01-01T00:00:00Z", string? annotations = null) =>
        JsonNode.Parse("{\"metadata\": {\"name\": \"" + name + "\", \"namespace\": \"ns\", \"creationTimestamp\": \"" + created + "\"" +
            (annotations is null ? "" : ", \"annotations\": " + annotations) + "}, \"spec\": " + spec + "}")!.AsObject();

    /// <summary>A service with an HTTP port 80 named "http" and one named "admin" on 8080, each with one ready endpoint.</summary>
    private static JsonObject Service(string name, string extraSpec = "") =>
        JsonNode.Parse("{\"metadata\": {\"name\": \"" + name + "\", \"namespace\": \"ns\"}, \"spec\": {" + extraSpec +
            "\"ports\": [{\"name\": \"http\", \"port\": 80}, {\"name\": \"admin\", \"port\": 8080}]}}")!.AsObject();

    private static JsonObject Slice(string service, int endpoints = 1) => JsonNode.Parse(
        "{\"metadata\": {\"name\": \"" + service + "-x\", \"namespace\": \"ns\", \"labels\": {\"kubernetes.io/service-name\": \"" + service + "\"}}, " +
        "\"addressType\": \"IPv4\", \"endpoints\": [" + string.Join(", ", Enumerable.Range(1, endpoints).Select(i => $"{{\"addresses\": [\"127.0.0.{i}\"]}}")) + "], " +
        "\"ports\": [{\"name\": \"http\", \"port\": 9000, \"protocol\": \"TCP\"}, {\"name\": \"admin\", \"port\": 9001, \"protocol\": \"TCP\"}]}")!.AsObject();

    private static string Backend(string service, string port = "80") =>
        int.TryParse(port, out var number)
            ? "{\"service\": {\"name\": \"" + service + "\", \"port\": {\"number\": " + number + "}}}"
            : "{\"service\": {\"name\": \"" + service + "\", \"port\": {\"name\": \"" + port + "\"}}}";

    private static string Path(string path, string type, string service, string port = "80") =>
        "{\"path\": \"" + path + "\", \"pathType\": \"" + type + "\", \"backend\": " + Backend(service, port) + "}";

    private static string Rule(string? host, params string[] paths) =>
        "{" + (host is null ? "" : "\"host\": \"" + host + "\", ") + "\"http\": {\"paths\": [" + string.Join(", ", paths) + "]}}";

    private static string Spec(string? defaultBackend = null, string? tls = null, string? className = "obs", params string[] rules) =>
        "{" + string.Join(", ", new[]
        {
            className is null ? null : "\"ingressClassName\": \"" + className + "\"",
            defaultBackend is null ? null : "\"defaultBackend\": " + defaultBackend,
            tls is null ? null : "\"tls\": " + tls,
            "\"rules\": [" + string.Join(", ", rules) + "]",
        }.Where(p => p is not null)) + "}";

    private static readonly JsonObject ObsClass = Api.Objects.ObsIngressClass.Object();

    private static IngressTable Build(IEnumerable<JsonObject> ingresses, IEnumerable<JsonObject>? services = null, IEnumerable<JsonObject>? classes = null,
        IEnumerable<JsonObject>? secrets = null, SecretCertificates? certificates = null)
    {
        var serviceList = (services ?? [Service("a"), Service("b"), Service("c")]).ToList();
        var slices = serviceList.Select(s => Slice(s["metadata"]!["name"]!.GetValue<string>())).ToList();
        return IngressTableBuilder.Build(ingresses, classes ?? [ObsClass],
            (ns, name) => serviceList.FirstOrDefault(s => s["metadata"]!["name"]!.GetValue<string>() == name),
            (ns, name) => slices.Where(s => s["metadata"]!["labels"]!["kubernetes.io/service-name"]!.GetValue<string>() == name),
            (ns, name) => (secrets ?? []).FirstOrDefault(s => s["metadata"]!["name"]!.GetValue<string>() == name),
            new EndpointPickers(TimeProvider.System), certificates ?? new SecretCertificates(), Fallback);
    }

    private static string? To(IngressTable table, string host, string path) => table.Route(host, path) is { } backend ? backend.ToString() : null;

    [Fact]
    public void TwoHostsAndTwoPathsEachReachTheirService()
    {
        var table = Build([Ingress("web", Spec(rules:
        [
            Rule("one.example.com", Path("/", "Prefix", "a"), Path("/api", "Prefix", "b")),
            Rule("two.example.com", Path("/", "Prefix", "c"), Path("/admin", "Exact", "a", "admin")),
        ]))]);

        Assert.Equal("ns/a:80", To(table, "one.example.com", "/"));
        Assert.Equal("ns/b:80", To(table, "one.example.com", "/api/users"));
        Assert.Equal("ns/a:80", To(table, "one.example.com", "/apiary"));
        Assert.Equal("ns/c:80", To(table, "two.example.com", "/api"));
        Assert.Equal("ns/a:admin", To(table, "two.example.com", "/admin"));
        Assert.Equal("ns/c:80", To(table, "two.example.com", "/admin/more"));
        Assert.Null(To(table, "three.example.com", "/"));
        Assert.Equal(1, table.Ingresses);
    }

    [Fact]
    public void TheLongestPathWinsAndExactBeatsPrefixAtEqualLength()
    {
        var table = Build([Ingress("web", Spec(rules: [Rule("h.example.com",
            Path("/foo", "Prefix", "a"), Path("/foo/bar", "Prefix", "b"), Path("/foo", "Exact", "c"))]))]);

        Assert.Equal("ns/c:80", To(table, "h.example.com", "/foo"));
        Assert.Equal("ns/a:80", To(table, "h.example.com", "/foo/"));
        Assert.Equal("ns/b:80", To(table, "h.example.com", "/foo/bar/baz"));
        Assert.Equal("ns/a:80", To(table, "h.example.com", "/foo/barbaz"));
        Assert.Null(To(table, "h.example.com", "/other"));
    }

    [Fact]
    public void AnExactHostBeatsItsWildcardWhichBeatsRulesWithoutHost()
    {
        var table = Build([Ingress("web", Spec(rules:
        [
            Rule("*.example.com", Path("/", "Prefix", "a")),
            Rule("www.example.com", Path("/", "Prefix", "b")),
            Rule(null, Path("/", "Prefix", "c")),
        ]))]);

        Assert.Equal("ns/b:80", To(table, "www.example.com", "/"));
        Assert.Equal("ns/a:80", To(table, "shop.example.com", "/"));
        Assert.Equal("ns/c:80", To(table, "deep.shop.example.com", "/"));
        Assert.Equal("ns/c:80", To(table, "example.com", "/"));
        Assert.Equal("ns/c:80", To(table, "127.0.0.1", "/"));
    }

    [Fact]
    public void UnmatchedRequestsGoToTheDefaultBackendOfTheirHostsIngressThenTheOldestOne()
    {
        var table = Build(
        [
            Ingress("newer", Spec(defaultBackend: Backend("b"), rules: [Rule("b.example.com", Path("/b", "Exact", "b"))]), created: "2026-02-01T00:00:00Z"),
            Ingress("older", Spec(defaultBackend: Backend("a"), rules: [Rule("a.example.com", Path("/a", "Exact", "a"))]), created: "2026-01-01T00:00:00Z"),
            Ingress("rules-only", Spec(rules: [Rule("c.example.com", Path("/c", "Exact", "c"))])),
        ]);

        Assert.Equal("ns/b:80", To(table, "b.example.com", "/elsewhere"));
        Assert.Equal("ns/a:80", To(table, "a.example.com", "/elsewhere"));
        Assert.Equal("ns/a:80", To(table, "c.example.com", "/elsewhere"));
        Assert.Equal("ns/a:80", To(table, "unknown.example.com", "/"));
        Assert.Equal("ns/c:80", To(table, "c.example.com", "/c"));
    }

    [Fact]
    public void WhenTwoIngressesClaimOneHostAndPathTheOlderKeepsIt()
    {
        var table = Build(
        [
            Ingress("newer", Spec(rules: [Rule("h.example.com", Path("/", "Prefix", "b"))]), created: "2026-02-01T00:00:00Z"),
            Ingress("older", Spec(rules: [Rule("h.example.com", Path("/", "Prefix", "a"), Path("/x", "Prefix", "c"))]), created: "2026-01-01T00:00:00Z"),
        ]);

        Assert.Equal("ns/a:80", To(table, "h.example.com", "/"));
        Assert.Equal("ns/c:80", To(table, "h.example.com", "/x"));
    }

    [Fact]
    public void OnlyIngressesOfObsClassAreServed()
    {
        var otherClass = JsonNode.Parse("""{"metadata": {"name": "nginx"}, "spec": {"controller": "k8s.io/ingress-nginx"}}""")!.AsObject();
        JsonObject[] ingresses =
        [
            Ingress("mine", Spec(rules: [Rule("mine.example.com", Path("/", "Prefix", "a"))])),
            Ingress("theirs", Spec(className: "nginx", rules: [Rule("theirs.example.com", Path("/", "Prefix", "a"))])),
            Ingress("unnamed", Spec(className: null, rules: [Rule("unnamed.example.com", Path("/", "Prefix", "a"))])),
            Ingress("legacy", Spec(className: null, rules: [Rule("legacy.example.com", Path("/", "Prefix", "a"))]), annotations: """{"kubernetes.io/ingress.class": "obs"}"""),
        ];
        var notDefault = JsonNode.Parse("""{"metadata": {"name": "obs"}, "spec": {"controller": "obs.dev/ingress"}}""")!.AsObject();

        var whenDefault = Build(ingresses, classes: [ObsClass, otherClass]);
        var whenNotDefault = Build(ingresses, classes: [notDefault, otherClass]);

        Assert.Equal(3, whenDefault.Ingresses);
        Assert.NotNull(To(whenDefault, "unnamed.example.com", "/"));
        Assert.Null(To(whenDefault, "theirs.example.com", "/"));
        Assert.Equal(2, whenNotDefault.Ingresses);
        Assert.Null(To(whenNotDefault, "unnamed.example.com", "/"));
        Assert.NotNull(To(whenNotDefault, "legacy.example.com", "/"));
    }

    [Fact]
    public void MissingServicesAndPortsAreRoutedWithTheReasonInsteadOfATarget()
    {
        var table = Build([Ingress("web", Spec(rules: [Rule("h.example.com",
            Path("/gone", "Prefix", "nosuch"), Path("/port", "Prefix", "a", "9999"), Path("/named", "Prefix", "a", "admin"))]))]);

        var gone = table.Route("h.example.com", "/gone")!;
        var port = table.Route("h.example.com", "/port")!;
        var named = table.Route("h.example.com", "/named")!;

        Assert.Null(gone.Target);
        Assert.Equal("service ns/nosuch not found\n", gone.Problem);
        Assert.Equal("service ns/a has no TCP port 9999\n", port.Problem);
        Assert.Equal(("admin", 8080, "web"), (named.Target!.PortName, named.Target.Port, named.Target.Ingress));
        Assert.Equal([System.Net.IPEndPoint.Parse("127.0.0.1:9001")], named.Target.Picker.Endpoints);
        Assert.Contains("ns/web: service ns/nosuch not found", table.Problems);
        Assert.Contains("ns/web: h.example.com/named (Prefix) → ns/a:admin (1 endpoints)", table.Routes);
    }

    [Fact]
    public void GrpcPortsAreForwardedAsHttp2()
    {
        var grpc = JsonNode.Parse("""{"metadata": {"name": "g", "namespace": "ns"}, "spec": {"ports": [{"name": "grpc", "port": 50051}]}}""")!.AsObject();
        var table = Build([Ingress("web", Spec(rules: [Rule("h.example.com", Path("/", "Prefix", "g", "50051"))]))], services: [grpc]);

        Assert.Equal(ProxyProtocol.Http2, table.Route("h.example.com", "/")!.Target!.Protocol);
    }

    [Fact]
    public void CertificatesAreChosenBySniNameAndOthersGetTheFallback()
    {
        var (exactSecret, exact) = TlsSecrets.Create("ns", "exact-tls", "one.example.com");
        var (wildSecret, wild) = TlsSecrets.Create("ns", "wild-tls", "*.example.com");
        var table = Build([Ingress("web", Spec(
            tls: """[{"hosts": ["one.example.com"], "secretName": "exact-tls"}, {"hosts": ["*.example.com"], "secretName": "wild-tls"}, {"hosts": ["x.example.org"], "secretName": "missing"}]""",
            rules: [Rule("one.example.com", Path("/", "Prefix", "a"))]))], secrets: [exactSecret, wildSecret]);

        Assert.Equal(exact.Thumbprint, table.Certificates.Select("one.example.com").TargetCertificate.Thumbprint);
        Assert.Equal(exact.Thumbprint, table.Certificates.Select("ONE.example.com").TargetCertificate.Thumbprint);
        Assert.Equal(wild.Thumbprint, table.Certificates.Select("two.example.com").TargetCertificate.Thumbprint);
        Assert.Same(Fallback.Value, table.Certificates.Select("deep.two.example.com"));
        Assert.Same(Fallback.Value, table.Certificates.Select("x.example.org"));
        Assert.Same(Fallback.Value, table.Certificates.Select(null));
        Assert.Contains("ns/web: secret ns/missing not found (or not of type kubernetes.io/tls)", table.Problems);
    }

    [Fact]
    public void AChangedSecretIsReadAgainAndAnUnchangedOneIsNot()
    {
        var certificates = new SecretCertificates();
        var (first, firstCertificate) = TlsSecrets.Create("ns", "tls", "h.example.com");
        var ingress = Ingress("web", Spec(tls: """[{"secretName": "tls"}]""", rules: [Rule("h.example.com", Path("/", "Prefix", "a"))]));

        var before = Build([ingress], secrets: [first], certificates: certificates).Certificates.Select("h.example.com");
        var same = Build([ingress], secrets: [first], certificates: certificates).Certificates.Select("h.example.com");
        var (second, secondCertificate) = TlsSecrets.Create("ns", "tls", "h.example.com");
        second["metadata"]!["resourceVersion"] = "2";
        var after = Build([ingress], secrets: [second], certificates: certificates).Certificates.Select("h.example.com");

        Assert.Equal(firstCertificate.Thumbprint, before.TargetCertificate.Thumbprint);
        Assert.Same(before, same);
        Assert.Equal(secondCertificate.Thumbprint, after.TargetCertificate.Thumbprint);
    }

    [Fact]
    public void ASecretWithoutAUsableKeyIsAProblemNotACrash()
    {
        var (secret, _) = TlsSecrets.Create("ns", "tls", "h.example.com");
        secret["data"]!["tls.key"] = Convert.ToBase64String("not a key"u8.ToArray());
        var table = Build([Ingress("web", Spec(tls: """[{"secretName": "tls"}]""", rules: [Rule("h.example.com", Path("/", "Prefix", "a"))]))], secrets: [secret]);

        Assert.Same(Fallback.Value, table.Certificates.Select("h.example.com"));
        Assert.Single(table.Problems, p => p.StartsWith("ns/web: secret ns/tls: ", StringComparison.Ordinal));
    }

    private const string UseRegex = "\"nginx.ingress.kubernetes.io/use-regex\": \"true\"";

    private static string Annotations(params string[] pairs) => "{" + string.Join(", ", pairs) + "}";

    private static string RewriteTo(string target) => "\"nginx.ingress.kubernetes.io/rewrite-target\": \"" + target + "\"";

    [Fact]
    public void RegexPathsMatchFromTheStartWithoutCaseAndRewriteWithTheirGroups()
    {
        var table = Build([Ingress("web", Spec(rules:
        [
            Rule("h.example.com", Path("/api(/|$)(.*)", "Prefix", "b"), Path("/", "Prefix", "a"), Path("/exact", "Exact", "c")),
        ]), annotations: Annotations(UseRegex, RewriteTo("/$2")))]);

        var api = table.Match("h.example.com", "/API/users/7")!;
        Assert.Equal(("ns/b:80", IngressPathType.Regex), (api.Backend.ToString(), api.Type));
        Assert.Equal(new IngressRewrite.Result("/users/7", null), api.Rewrite("/API/users/7"));
        Assert.Equal("ns/b:80", To(table, "h.example.com", "/api"));
        // Anchored at the start: a path that only contains the pattern does not match it.
        Assert.Equal("ns/a:80", To(table, "h.example.com", "/v1/api/x"));
        // Exact stays exact under use-regex (but is rewritten, as every path of the Ingress).
        var exact = table.Match("h.example.com", "/exact")!;
        Assert.Equal((IngressPathType.Exact, new IngressRewrite.Result("/", null)), (exact.Type, exact.Rewrite("/exact")));
        Assert.Equal("ns/a:80", To(table, "h.example.com", "/EXACT"));
        Assert.Contains("ns/web: h.example.com/api(/|$)(.*) (Regex) → ns/b:80 (1 endpoints), rewrite to /$2", table.Routes);
    }

    [Fact]
    public void RewrittenPathsAreRegularExpressionsWhateverTheirTypeAndPrefixesOtherwise()
    {
        var specific = Build([Ingress("web", Spec(rules: [Rule("h.example.com", Path("/app/(.+)", "ImplementationSpecific", "b"))]), annotations: Annotations(RewriteTo("/$1")))]);
        Assert.Equal(new IngressRewrite.Result("/page", null), specific.Match("h.example.com", "/app/page")!.Rewrite("/app/page"));
        // Old manifests put the groups in a Prefix path; ingress-nginx runs it as a regular expression all the same.
        var prefix = Build([Ingress("web", Spec(rules: [Rule("h.example.com", Path("/v1(/|$)(.*)", "Prefix", "b"))]), annotations: Annotations(RewriteTo("/$2")))]);
        Assert.Equal(new IngressRewrite.Result("/users/7", null), prefix.Match("h.example.com", "/v1/users/7")!.Rewrite("/v1/users/7"));

        var plain = Build([Ingress("web", Spec(rules: [Rule("h.example.com", Path("/app", "ImplementationSpecific", "b"))]))]);
        var route = plain.Match("h.example.com", "/app/page")!;
        Assert.Equal((IngressPathType.Prefix, null), (route.Type, route.Rewrite("/app/page")));
    }

    [Fact]
    public void ATargetWithoutGroupsReplacesTheWholePathAsIngressNginxDoes()
    {
        // rewrite-target: / on paths / and /app, the way many manifests have it: /app/... all reach the backend as /
        // (ingress-nginx since 0.22 keeps only what a group captured), while / is its own target and is left alone.
        var table = Build([Ingress("web", Spec(rules: [Rule("h.example.com", Path("/", "Prefix", "a"), Path("/app", "Prefix", "b"))]), annotations: Annotations(RewriteTo("/")))]);

        var app = table.Match("h.example.com", "/app/page")!;
        Assert.Equal(("ns/b:80", IngressPathType.Regex, new IngressRewrite.Result("/", null)), (app.Backend.ToString(), app.Type, app.Rewrite("/app/page")));
        // A rewritten path is nginx's location ~* "^/app": any case, and not only whole segments.
        Assert.Equal("ns/b:80", To(table, "h.example.com", "/APP"));
        Assert.Equal("ns/b:80", To(table, "h.example.com", "/apps"));
        var root = table.Match("h.example.com", "/other/page")!;
        Assert.Equal(("ns/a:80", IngressPathType.Prefix, (IngressRewrite.Result?)null), (root.Backend.ToString(), root.Type, root.Rewrite("/other/page")));
        Assert.Contains("ns/web: h.example.com/ (Prefix) → ns/a:80 (1 endpoints)", table.Routes);
        Assert.Contains("ns/web: h.example.com/app (Regex) → ns/b:80 (1 endpoints), rewrite to /", table.Routes);
    }

    [Fact]
    public void APathThatIsNoRegularExpressionIsAProblemAndTheOthersAreServed()
    {
        var table = Build([Ingress("web", Spec(rules: [Rule("h.example.com", Path("/broken(", "Prefix", "b"), Path("/fine", "Prefix", "a"))]), annotations: Annotations(UseRegex))]);

        Assert.Equal("ns/a:80", To(table, "h.example.com", "/fine"));
        Assert.Null(To(table, "h.example.com", "/broken("));
        Assert.Single(table.Problems, p => p.StartsWith("ns/web: path \"/broken(\" is not a regular expression", StringComparison.Ordinal));
    }

    [Fact]
    public void TheTlsHostsOfAnIngressRedirectToHttpsAndItsOtherHostsDoNot()
    {
        var spec = Spec(tls: "[{\"hosts\": [\"secure.example.com\"], \"secretName\": \"tls\"}]", defaultBackend: Backend("c"), rules:
        [
            Rule("secure.example.com", Path("/", "Prefix", "a")),
            Rule("open.example.com", Path("/", "Prefix", "b")),
        ]);

        var table = Build([Ingress("web", spec)]);
        Assert.True(table.Match("secure.example.com", "/x")!.SslRedirect);
        Assert.False(table.Match("open.example.com", "/x")!.SslRedirect);
        Assert.Contains("ns/web: secure.example.com/ (Prefix) → ns/a:80 (1 endpoints), redirect to https", table.Routes);

        Assert.False(Build([Ingress("web", spec, annotations: "{\"obs.dev/ssl-redirect\": \"false\"}")]).Match("secure.example.com", "/x")!.SslRedirect);
        Assert.False(Build([Ingress("web", spec, annotations: "{\"nginx.ingress.kubernetes.io/ssl-redirect\": \"false\"}")]).Match("secure.example.com", "/x")!.SslRedirect);
        var forced = Build([Ingress("web", spec, annotations: "{\"nginx.ingress.kubernetes.io/force-ssl-redirect\": \"true\"}")]);
        Assert.True(forced.Match("open.example.com", "/x")!.SslRedirect);
    }

    [Fact]
    public void ATlsEntryWithoutHostsRedirectsTheIngresssOwnHostsAndItsDefaultBackendToo()
    {
        var table = Build([Ingress("web", Spec(tls: "[{\"secretName\": \"tls\"}]", defaultBackend: Backend("c"), rules:
            [Rule("secure.example.com", Path("/api", "Prefix", "a"))]))]);

        Assert.True(table.Match("secure.example.com", "/api")!.SslRedirect);
        var fallback = table.Match("secure.example.com", "/elsewhere")!;
        Assert.Equal(("ns/c:80", true), (fallback.Backend.ToString(), fallback.SslRedirect));
        // The default backend for hosts without rules redirects nothing: no TLS host asked for it.
        Assert.False(table.Match("other.example.com", "/")!.SslRedirect);
    }

    [Fact]
    public void IngressesOfOneNameInTwoNamespacesEachReachTheirOwnNamespacesService()
    {
        JsonObject InNamespace(JsonObject obj, string ns)
        {
            obj["metadata"]!["namespace"] = ns;
            return obj;
        }
        var ingresses = new[] { "one", "two" }.Select(ns => InNamespace(Ingress("web", Spec(rules: [Rule($"{ns}.example.com", Path("/", "Prefix", "a"))])), ns)).ToList();
        var services = new[] { "one", "two" }.Select(ns => InNamespace(Service("a"), ns)).ToList();
        var slices = new[] { "one", "two" }.Select(ns => InNamespace(Slice("a", endpoints: ns == "one" ? 1 : 2), ns)).ToList();

        var table = IngressTableBuilder.Build(ingresses, [ObsClass],
            (ns, name) => services.FirstOrDefault(s => s["metadata"]!["namespace"]!.GetValue<string>() == ns && s["metadata"]!["name"]!.GetValue<string>() == name),
            (ns, name) => slices.Where(s => s["metadata"]!["namespace"]!.GetValue<string>() == ns),
            (_, _) => null, new EndpointPickers(TimeProvider.System), new SecretCertificates(), Fallback);

        Assert.Equal(("one/a:80", 1), (To(table, "one.example.com", "/"), table.Route("one.example.com", "/")!.Target!.Picker.Endpoints.Count));
        Assert.Equal(("two/a:80", 2), (To(table, "two.example.com", "/"), table.Route("two.example.com", "/")!.Target!.Picker.Endpoints.Count));
    }
}
