using Strata.Core.Errors;

namespace Strata.Server.Api;

internal static class Requests
{
    public static DomainException Missing(string field, string expected) =>
        new(ErrorCodes.InvalidRequest, $"The field '{field}' is required: {expected}.");
}
