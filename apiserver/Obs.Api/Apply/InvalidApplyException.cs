namespace Obs.Api.Apply;

/// <summary>
/// An applied configuration apply refuses outright. The apiserver answers with <see cref="StatusCode"/>
/// (400 Bad Request for managedFields in the request, 422 Unprocessable Entity for lists that cannot be
/// merged) and the message.
/// </summary>
public sealed class InvalidApplyException(string message, int statusCode) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
