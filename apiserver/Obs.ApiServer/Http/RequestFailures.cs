using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Obs.ApiServer.Http;

/// <summary>
/// How every handler of the apiserver answers a request that failed: the Kubernetes Status of an
/// <see cref="ApiException"/>, 400/413 for a malformed request, 503 when PostgreSQL is away, 500
/// (logged) for anything else, and nothing at all to a client that went away.
/// </summary>
public static partial class RequestFailures
{
    public static Task WriteAsync(HttpContext context, Exception failure, ILogger logger, string path) => failure switch
    {
        ApiException e => WriteStatusAsync(context, e),
        BadHttpRequestException e => WriteStatusAsync(context, e.StatusCode == 413 ? ApiErrors.TooLarge(RequestBody.MaxBytes) : ApiErrors.BadRequest(e.Message)),
        NpgsqlException e => StorageFailedAsync(context, e, logger),
        OperationCanceledException when context.RequestAborted.IsCancellationRequested => Task.CompletedTask,
        _ => InternalFailureAsync(context, failure, logger, path),
    };

    private static Task StorageFailedAsync(HttpContext context, NpgsqlException e, ILogger logger)
    {
        LogStorageError(logger, e.Message);
        return WriteStatusAsync(context, ApiErrors.ServiceUnavailable($"storage is unavailable: {e.Message}"));
    }

    private static Task InternalFailureAsync(HttpContext context, Exception e, ILogger logger, string path)
    {
        LogInternalError(logger, e, path);
        return WriteStatusAsync(context, new ApiException(500, "InternalError", $"Internal error occurred: {e.Message}"));
    }

    /// <summary>A Status, unless the response has already begun (a watch, a streamed list): then the connection just ends.</summary>
    private static async Task WriteStatusAsync(HttpContext context, ApiException e)
    {
        if (context.Response.HasStarted) return;
        await ResponseWriter.WriteErrorAsync(context, e);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "storage error: {Error}")]
    private static partial void LogStorageError(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "internal error serving {Path}")]
    private static partial void LogInternalError(ILogger logger, Exception exception, string path);
}
