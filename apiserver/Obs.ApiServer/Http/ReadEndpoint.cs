using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Registry;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Http;

/// <summary>
/// GET of one object and LIST, both from the watch cache once it holds what the request's resourceVersion
/// asks for (as Kubernetes serves consistent reads from its cache since 1.31): an unset one waits for the
/// newest committed revision, "0" takes the cache as it is, a number waits for at least that revision.
/// </summary>
public sealed class ReadEndpoint(ObjectRegistry registry, ObjectStore store, WatchCache cache, TimeProvider time)
{
    private static readonly TimeSpan FreshnessWait = TimeSpan.FromSeconds(3);
    private readonly RevisionQuery _committed = new(store.CommittedRevisionAsync);

    public async Task GetAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        // While the cache still loads at start-up, GET reads the database as it always could; after
        // that it answers from the cache, once the cache holds what the resourceVersion asks for.
        if (!cache.IsReady)
        {
            await GetFromDatabaseAsync(context, info, query);
            return;
        }
        await WaitForFreshnessAsync(query.ResourceVersion, context.RequestAborted);
        var obj = cache.Get(ObjectRegistry.KeyOf(info.Type, info.Namespace, info.Name!)) ?? throw ApiErrors.NotFound(info.Type, info.Name!);
        var table = TableRequest.From(context.Request.Headers.Accept.ToString(), query.IncludeObject);
        if (table is not null)
        {
            await TableWriter.WriteAsync(context, info.Type, table, [obj], obj.Revision, null, time.GetUtcNow());
            return;
        }
        await ResponseWriter.WriteCachedAsync(context, ServedVersion.Out(info.Served, obj));
    }

    private async Task GetFromDatabaseAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        var obj = await registry.GetAsync(info.Type, info.Namespace, info.Name!, context.RequestAborted);
        var table = TableRequest.From(context.Request.Headers.Accept.ToString(), query.IncludeObject);
        if (table is not null)
        {
            var rv = obj.At("metadata", "resourceVersion")?.GetValue<string>();
            await ResponseWriter.WriteJsonAsync(context, 200, TableWriter.Build(info.Type, table, [obj], rv, null, time.GetUtcNow()));
            return;
        }
        await ResponseWriter.WriteJsonAsync(context, 200, ServedVersion.Out(info.Served, obj));
    }

    public async Task ListAsync(HttpContext context, RequestInfo info, QueryOptions query)
    {
        ListOptionsValidation.Check(query, watch: false);
        var filter = SelectorFilters.Build(info.Served, info.Namespace, query.LabelSelector, query.FieldSelector);
        (string Namespace, string Name)? after = null;
        long? tokenRevision = null;
        if (query.Continue is not null)
        {
            // A continued list is read at its first page's revision (as Kubernetes reads it, not at the
            // latest), so it needs no query for the newest one; it ends once the log was compacted past it.
            var token = ContinueToken.Parse(query.Continue);
            // The token fixes the revision; another one beside it is refused, as Kubernetes' storage refuses it ("0" asks nothing).
            if (query.ResourceVersion is { Length: > 0 } rv && rv != "0")
                throw ApiErrors.BadRequest("specifying resource version is not allowed when using continue");
            tokenRevision = token.Revision;
            after = SplitKey(token.After);
            await WaitForFreshnessAsync(token.Revision.ToString(CultureInfo.InvariantCulture), context.RequestAborted);
            if (token.Revision < await store.CompactedRevisionAsync(context.RequestAborted)) throw ContinueExpired();
        }
        else await WaitForFreshnessAsync(query.ResourceVersion, context.RequestAborted);
        var page = cache.ListPage(info.Type.GroupResource, filter, after, query.Limit);
        // Exact asks for the state at that revision; the cache keeps only the latest, so any other revision is
        // answered as Kubernetes answers one outside its cache's window.
        if (query.ResourceVersionMatch == ListOptionsValidation.Exact && page.Revision != ParseRevision(query.ResourceVersion!))
            throw ApiErrors.Expired($"too old resource version: {query.ResourceVersion} ({page.Revision})");
        var items = page.Items;
        // A continued list answers with the revision its first page was read at.
        var revision = tokenRevision ?? page.Revision;
        var next = page.More ? ContinueToken.Make(revision, SortKey(items[^1])) : null;
        var table = TableRequest.From(context.Request.Headers.Accept.ToString(), query.IncludeObject);
        if (table is not null)
        {
            await TableWriter.WriteAsync(context, info.Type, table, items, revision, next, time.GetUtcNow());
            return;
        }
        await ResponseWriter.WriteListAsync(context, info.Served.ApiVersion, info.Type.ListKind, revision, next, ServedVersion.Out(info.Served, items));
    }

    /// <summary>The matching objects as of now (read-your-writes), for deletecollection.</summary>
    public async Task<List<CachedObject>> ListFreshAsync(ResourceType type, WatchFilter filter, QueryOptions query, CancellationToken cancellationToken)
    {
        await WaitForFreshnessAsync(query.ResourceVersion, cancellationToken);
        return cache.List(type.GroupResource, filter).Items;
    }

    /// <summary>
    /// An unset resourceVersion asks for the latest state, so the cache first catches up with every
    /// write committed so far; "0" accepts any state; a number asks for at least that revision.
    /// </summary>
    public async Task WaitForFreshnessAsync(string? resourceVersion, CancellationToken cancellationToken)
    {
        try
        {
            await cache.Ready.WaitAsync(FreshnessWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw ApiErrors.ServiceUnavailable("the apiserver is still loading its watch cache; try again");
        }
        long target;
        if (string.IsNullOrEmpty(resourceVersion)) target = await _committed.ReadAsync(cancellationToken);
        else if (resourceVersion == "0") return;
        else target = ParseRevision(resourceVersion);
        try
        {
            await cache.WaitForRevisionAsync(target, cancellationToken).WaitAsync(FreshnessWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw ApiErrors.Timeout($"Too large resource version: {target}, current: {cache.Revision}");
        }
    }

    public static long ParseRevision(string resourceVersion) =>
        long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var rv)
            ? rv
            : throw ApiErrors.BadRequest($"invalid resource version \"{resourceVersion}\": must be a non-negative integer");

    /// <summary>Kubernetes' answer to a continue token older than the compacted revision; kubectl then lists again from the start.</summary>
    private static ApiException ContinueExpired() => ApiErrors.Expired(
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");

    private static string SortKey(CachedObject o) => o.Key.Namespace + "/" + o.Key.Name;

    /// <summary>
    /// The namespace and name of a continue token's last key ("namespace/name"). They are compared
    /// apart, not as the joined string: "a-b/x" sorts before "a/y" ('-' is below '/'), so a page
    /// boundary in namespace "a" would skip all of "a-b". Neither part can contain '/', so the first one splits them.
    /// </summary>
    private static (string Namespace, string Name) SplitKey(string after)
    {
        var slash = after.IndexOf('/');
        return slash < 0 ? (after, "") : (after[..slash], after[(slash + 1)..]);
    }

    /// <summary>The <c>continue</c> token: the list's revision and the last key served, base64-encoded JSON.</summary>
    private static class ContinueToken
    {
        public static string Make(long revision, string after) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["rv"] = revision, ["after"] = after }.ToJsonString()));

        public static (long Revision, string After) Parse(string token)
        {
            try
            {
                var node = JsonNode.Parse(Convert.FromBase64String(token));
                return (node!["rv"]!.GetValue<long>(), node["after"]!.GetValue<string>());
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or NullReferenceException or InvalidOperationException)
            {
                throw ApiErrors.BadRequest("invalid continue token: continue key is not valid: " + e.Message);
            }
        }
    }
}
