namespace Obs.Api.Cel;

/// <summary>
/// A value whose fields are computed when first selected, then kept, errors too: an admission policy's
/// <c>variables</c>, which its expressions read as <c>variables.NAME</c>, each evaluated at most once per request.
/// A field that needs itself while it is computed is an error, not a loop.
/// </summary>
public sealed class CelLazyFields(IReadOnlyDictionary<string, Func<object?>> fields) : ICelFields
{
    private readonly Dictionary<string, (object? Value, CelEvaluationException? Error)> _computed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _computing = new(StringComparer.Ordinal);

    bool ICelFields.TryGetField(string field, out object? value)
    {
        value = null;
        if (!fields.TryGetValue(field, out var compute)) return false;
        if (!_computed.TryGetValue(field, out var result))
        {
            if (!_computing.Add(field)) throw new CelEvaluationException($"variable '{field}' refers to itself");
            try
            {
                result = (compute(), null);
            }
            catch (CelEvaluationException e)
            {
                result = (null, e);
            }
            finally
            {
                _computing.Remove(field);
            }
            _computed[field] = result;
        }
        if (result.Error is not null) throw result.Error;
        value = result.Value;
        return true;
    }
}
