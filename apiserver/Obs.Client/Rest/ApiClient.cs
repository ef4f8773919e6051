using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Serialization;
using Obs.Client.Config;
using Obs.Client.RateLimiting;
using Obs.Client.Watch;

namespace Obs.Client.Rest;

/// <summary>
/// The REST client every Obs component uses to reach the apiserver: CRUD, patch, subresources and
/// watch for any <see cref="ResourceType"/>, objects as <see cref="JsonObject"/> trees. Error
/// answers throw <see cref="ApiException"/>; every request (watches included) first takes a token
/// from the client-side rate limiter.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly ApiClientOptions _options;
    private readonly TokenBucket? _throttle;
    private readonly List<HttpClient> _retired = [];
    private Endpoint _endpoint;

    public ApiClient(ClusterConnection connection, ApiClientOptions? options = null)
    {
        _options = options ?? new ApiClientOptions();
        _throttle = _options.Qps > 0 ? new TokenBucket(_options.Qps, Math.Max(1, _options.Burst), _options.TimeProvider) : null;
        _endpoint = new Endpoint(connection, ClusterHttpClient.Create(connection, _options.UserAgent));
    }

    /// <summary>For tests: requests go through <paramref name="http"/> (a stub handler) instead of the network.</summary>
    internal ApiClient(ClusterConnection connection, ApiClientOptions options, HttpClient http)
    {
        _options = options;
        _throttle = null;
        _endpoint = new Endpoint(connection, http);
    }

    public static ApiClient FromKubeconfig(string? path = null, ApiClientOptions? options = null) =>
        new(KubeconfigFile.Load(path), options);

    public ClusterConnection Connection => _endpoint.Connection;

    /// <summary>The namespace of the kubeconfig context: used when an object to create names none.</summary>
    public string DefaultNamespace => _endpoint.Connection.Namespace;

    /// <summary>
    /// Points the client (and so its informers, which re-watch on a dropped stream) at another
    /// apiserver. Requests already running finish against the old one.
    /// </summary>
    public void Repoint(ClusterConnection connection)
    {
        var next = new Endpoint(connection, ClusterHttpClient.Create(connection, _options.UserAgent));
        var previous = Interlocked.Exchange(ref _endpoint, next);
        lock (_retired) _retired.Add(previous.Http);
    }

    public async Task<JsonObject> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, ResourcePath.Item(type, @namespace, name), null, null, cancellationToken);

    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<JsonObject?> TryGetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetAsync(type, @namespace, name, cancellationToken);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>One page of a LIST; a null namespace lists across all namespaces.</summary>
    public async Task<ObjectList> ListAsync(ResourceType type, string? @namespace, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListOptions();
        var path = ResourcePath.Collection(type, @namespace)
            .Query("labelSelector", options.LabelSelector)
            .Query("fieldSelector", options.FieldSelector)
            .Query("limit", options.Limit)
            .Query("continue", options.Continue)
            .Query("resourceVersion", options.ResourceVersion)
            .Query("resourceVersionMatch", options.ResourceVersionMatch)
            .Query("timeoutSeconds", options.TimeoutSeconds);
        return await SendAsync(HttpMethod.Get, path, null, null, (answer, ct) => ListPageReader.ReadAsync(answer, type, ct), cancellationToken);
    }

    /// <summary>Every page of a LIST, read <paramref name="pageSize"/> items at a time; the resourceVersion is the snapshot's.</summary>
    public async Task<ObjectList> ListAllAsync(ResourceType type, string? @namespace, ListOptions? options = null, int pageSize = 500, CancellationToken cancellationToken = default)
    {
        options = (options ?? new ListOptions()) with { Limit = pageSize, Continue = null };
        var items = new List<JsonObject>();
        string? resourceVersion = null;
        while (true)
        {
            var page = await ListAsync(type, @namespace, options, cancellationToken);
            items.AddRange(page.Items);
            resourceVersion ??= page.ResourceVersion;
            if (page.Continue is null) return new ObjectList(items, resourceVersion, null, null);
            // Later pages come from the first page's snapshot; the continue token carries it.
            options = options with { Continue = page.Continue, ResourceVersion = null, ResourceVersionMatch = null };
        }
    }

    /// <summary>Creates the object in its <c>metadata.namespace</c> (the default namespace when it names none).</summary>
    public async Task<JsonObject> CreateAsync(ResourceType type, JsonObject obj, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Post, ResourcePath.Collection(type, NamespaceOf(type, obj)).Write(options), obj, JsonContent, cancellationToken);

    /// <summary>PUT: replaces the object; its metadata.resourceVersion makes this a compare-and-swap (409 Conflict when stale).</summary>
    public async Task<JsonObject> UpdateAsync(ResourceType type, JsonObject obj, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Put, ResourcePath.Item(type, NamespaceOf(type, obj), NameOf(obj)).Write(options), obj, JsonContent, cancellationToken);

    /// <summary>PUT to the status subresource: only the status of <paramref name="obj"/> is written.</summary>
    public async Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Put, ResourcePath.Item(type, NamespaceOf(type, obj), NameOf(obj), "status").Write(options), obj, JsonContent, cancellationToken);

    public async Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, PatchType patchType, JsonNode patch,
        WriteOptions? options = null, string? subresource = null, CancellationToken cancellationToken = default)
    {
        if (patchType == PatchType.Apply && string.IsNullOrEmpty(options?.FieldManager))
            throw new ArgumentException("server-side apply needs a field manager", nameof(options));
        var path = ResourcePath.Item(type, @namespace, name, subresource).Write(options).Query("force", options?.Force ?? false);
        return await SendAsync(HttpMethod.Patch, path, patch, ContentType(patchType), cancellationToken);
    }

    /// <summary>Server-side apply of <paramref name="obj"/> as <paramref name="fieldManager"/>.</summary>
    public Task<JsonObject> ApplyAsync(ResourceType type, JsonObject obj, string fieldManager, bool force = false, CancellationToken cancellationToken = default) =>
        PatchAsync(type, NamespaceOf(type, obj), NameOf(obj), PatchType.Apply, obj, new WriteOptions { FieldManager = fieldManager, Force = force }, null, cancellationToken);

    /// <summary>DELETE: returns the object (still there while finalizers or a grace period run) or the server's Success Status.</summary>
    public async Task<JsonObject> DeleteAsync(ResourceType type, string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var path = ResourcePath.Item(type, @namespace, name).Query("dryRun", options?.DryRun == true ? "All" : null);
        return await SendAsync(HttpMethod.Delete, path, options?.ToJson(), JsonContent, cancellationToken);
    }

    /// <summary>DELETE on the collection: every object the selectors match.</summary>
    public async Task<JsonObject> DeleteCollectionAsync(ResourceType type, string? @namespace, ListOptions? selection = null, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var path = ResourcePath.Collection(type, @namespace)
            .Query("labelSelector", selection?.LabelSelector)
            .Query("fieldSelector", selection?.FieldSelector);
        return await SendAsync(HttpMethod.Delete, path, options?.ToJson(), JsonContent, cancellationToken);
    }

    public async Task<JsonObject> GetSubresourceAsync(ResourceType type, string? @namespace, string name, string subresource, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, ResourcePath.Item(type, @namespace, name, subresource), null, null, cancellationToken);

    public async Task<JsonObject> ReplaceSubresourceAsync(ResourceType type, string? @namespace, string name, string subresource, JsonObject body, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Put, ResourcePath.Item(type, @namespace, name, subresource).Write(options), body, JsonContent, cancellationToken);

    public async Task<JsonObject> CreateSubresourceAsync(ResourceType type, string? @namespace, string name, string subresource, JsonObject body, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Post, ResourcePath.Item(type, @namespace, name, subresource).Write(options), body, JsonContent, cancellationToken);

    /// <summary>The <c>autoscaling/v1 Scale</c> of a deployment, replica set or stateful set.</summary>
    public Task<JsonObject> GetScaleAsync(ResourceType type, string @namespace, string name, CancellationToken cancellationToken = default) =>
        GetSubresourceAsync(type, @namespace, name, "scale", cancellationToken);

    /// <summary>Sets spec.replicas through the scale subresource.</summary>
    public async Task<JsonObject> ScaleAsync(ResourceType type, string @namespace, string name, int replicas, CancellationToken cancellationToken = default)
    {
        var scale = await GetScaleAsync(type, @namespace, name, cancellationToken);
        scale.Ensure("spec")["replicas"] = replicas;
        return await ReplaceSubresourceAsync(type, @namespace, name, "scale", scale, null, cancellationToken);
    }

    /// <summary>What the scheduler does: binds a pod to a node through the pod's binding subresource.</summary>
    public Task<JsonObject> BindAsync(string @namespace, string pod, string node, CancellationToken cancellationToken = default) =>
        CreateSubresourceAsync(ResourceTypes.Pod, @namespace, pod, "binding", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Binding",
            ["metadata"] = new JsonObject { ["name"] = pod, ["namespace"] = @namespace },
            ["target"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = node },
        }, null, cancellationToken);

    /// <summary>
    /// A WATCH stream. Ends when the server ends it (its timeout, a restart); throws
    /// <see cref="ResourceExpiredException"/> on a 410 (as an answer or an ERROR event), another
    /// <see cref="ApiException"/> for other ERROR events, and an <see cref="OperationCanceledException"/> on cancellation.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(ResourceType type, string? @namespace, WatchOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new WatchOptions();
        var path = ResourcePath.Collection(type, @namespace)
            .Query("watch", true)
            .Query("resourceVersion", options.ResourceVersion)
            .Query("labelSelector", options.LabelSelector)
            .Query("fieldSelector", options.FieldSelector)
            .Query("allowWatchBookmarks", options.AllowWatchBookmarks)
            .Query("timeoutSeconds", options.TimeoutSeconds);
        // A streaming list must say NotOlderThan: a Kubernetes apiserver refuses sendInitialEvents without it (422).
        if (options.SendInitialEvents is { } initial)
            path.Query("sendInitialEvents", initial ? "true" : "false").Query("resourceVersionMatch", "NotOlderThan");
        var endpoint = _endpoint;
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(endpoint, path));
        HttpResponseMessage opened;
        // The stream may stay open for minutes, but an apiserver that does not even answer is a failure.
        using (var headers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            headers.CancelAfter(_options.RequestTimeout);
            try
            {
                await ThrottleAsync($"WATCH {path}", headers.Token);
                opened = await endpoint.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headers.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"WATCH {path} was not answered within {_options.RequestTimeout.TotalSeconds}s");
            }
        }
        using var response = opened;
        if (!response.IsSuccessStatusCode)
            throw ApiException.FromResponse(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var frame in WatchFrames.ReadAsync(stream, cancellationToken))
        {
            var typeName = frame.StringAt("type");
            if (frame["object"] is not JsonObject obj) throw new InvalidDataException($"a {typeName} watch event has no object");
            frame.Remove("object");
            if (typeName == "ERROR") throw ApiException.FromStatus(obj);
            yield return new WatchEvent(WatchEvent.ParseType(typeName), obj);
        }
    }

    /// <summary>Waits for the client's rate limit, never past the request's timeout (a longer wait fails at once).</summary>
    private async Task ThrottleAsync(string call, CancellationToken cancellationToken)
    {
        if (_throttle is null) return;
        try
        {
            await _throttle.WaitAsync(_options.RequestTimeout > TimeSpan.Zero ? _options.RequestTimeout : TimeSpan.MaxValue, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{call}: {e.Message}", e);
        }
    }

    private const string JsonContent = "application/json";

    private static string ContentType(PatchType type) => type switch
    {
        PatchType.Json => "application/json-patch+json",
        PatchType.Merge => "application/merge-patch+json",
        PatchType.StrategicMerge => "application/strategic-merge-patch+json",
        _ => "application/apply-patch+yaml",
    };

    private string? NamespaceOf(ResourceType type, JsonObject obj) =>
        !type.Namespaced ? null : ObjectMeta.Namespace(obj) is { Length: > 0 } ns ? ns : DefaultNamespace;

    private static string NameOf(JsonObject obj) =>
        ObjectMeta.Name(obj) is { Length: > 0 } name ? name : throw new ArgumentException("the object has no metadata.name", nameof(obj));

    private static Uri Url(Endpoint endpoint, ResourcePath path) => new(endpoint.Connection.Server.ToString().TrimEnd('/') + path);

    private Task<JsonObject> SendAsync(HttpMethod method, ResourcePath path, JsonNode? body, string? contentType, CancellationToken cancellationToken) =>
        SendAsync(method, path, body, contentType, async (answer, ct) => await JsonNode.ParseAsync(answer, cancellationToken: ct) as JsonObject
            ?? throw new InvalidDataException($"{method} {path} answered with a body that is not a JSON object"), cancellationToken);

    /// <summary>Sends the request and reads a successful answer's body with <paramref name="read"/>; an error answer throws <see cref="ApiException"/>.</summary>
    private async Task<T> SendAsync<T>(HttpMethod method, ResourcePath path, JsonNode? body, string? contentType,
        Func<Stream, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        // The request's timeout starts before the client's rate limit, as client-go's does: the wait for a token is part
        // of the call, so no call outlives its timeout however many went before it.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            await ThrottleAsync($"{method} {path}", timeout.Token);
            var endpoint = _endpoint;
            using var request = new HttpRequestMessage(method, Url(endpoint, path));
            if (body is not null)
            {
                request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, BuiltInJson.Default.JsonNode));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? JsonContent);
            }
            // The body is parsed from the response stream, as UTF-8. Read whole as a string first (buffered in a growing
            // array, then twice its size in UTF-16, then transcoded back for the parser), a LIST page of 500 pods cost some
            // 4.5 MB of large-object arrays, which only a full collection frees: the scheduler's informers allocated
            // ~0.5 GB of them listing 50,000 pods, ~0.25 GB this way (its resident memory did not measurably change).
            using var response = await endpoint.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode) throw ApiException.FromResponse(response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token));
            await using var answer = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await read(answer, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {path} took longer than {_options.RequestTimeout.TotalSeconds}s");
        }
    }

    public void Dispose()
    {
        _endpoint.Http.Dispose();
        lock (_retired)
        {
            foreach (var http in _retired) http.Dispose();
            _retired.Clear();
        }
    }

    /// <summary>Swapped whole on <see cref="Repoint"/>, so a request never pairs one server's URL with another's client.</summary>
    private sealed record Endpoint(ClusterConnection Connection, HttpClient Http);
}
