namespace Obs.Api.Apply;

/// <summary>An applied configuration apply refuses outright; the apiserver answers 400 Bad Request with the message.</summary>
public sealed class InvalidApplyException(string message) : Exception(message);
