namespace Obs.Api.Cel;

/// <summary>
/// A value other than a map whose fields an expression may select (<c>authorizer.requestResource</c>); a field it does
/// not have is an error, as selecting a missing key is.
/// </summary>
internal interface ICelFields
{
    bool TryGetField(string field, out object? value);
}
