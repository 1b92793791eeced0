namespace Strata.Core.Errors;

/// <summary>
/// An expected domain outcome that stops an operation: a rule refused it or the input was wrong.
/// <see cref="Code"/> is the stable machine code of API.md; the host maps it to an HTTP status in one place.
/// </summary>
public class DomainException(string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(detail)
{
    public string Code { get; } = code;

    public string Detail => Message;

    /// <summary>Extra problem fields, e.g. <c>invalidEmails</c>.</summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();
}
